/**
 * After the lesson view lost contact with the lab server: ask until the server answers, then tell a
 * restart (a new boot id: every session is gone) from a session that ended, or one that survived.
 */
import { api, ApiRequestError } from './dom.ts';

const PROBE_EVERY_MS = 2_000;

export type ContactOutcome<T> = { kind: 'restarted' } | { kind: 'ended' } | { kind: 'back'; session: T };

/** Resolves once the server answers; `stillWaiting` returning false stops asking (resolves undefined). */
export async function whenServerAnswers<T>(boot: string, sessionId: string, stillWaiting: () => boolean): Promise<ContactOutcome<T> | undefined> {
  while (stillWaiting()) {
    await new Promise((resolve) => setTimeout(resolve, PROBE_EVERY_MS));
    const now = await api<{ boot: string }>('/healthz').catch(() => undefined);
    if (!now) continue;
    if (now.boot !== boot) return { kind: 'restarted' };
    try {
      return { kind: 'back', session: await api<T>(`/api/sessions/${sessionId}`) };
    } catch (error) {
      if (error instanceof ApiRequestError && error.status === 404) return { kind: 'ended' };
    }
  }
  return undefined;
}
