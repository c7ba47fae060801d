/**
 * The other learner of every abuse test: a real session with a real terminal on the lab under
 * attack. While an attack runs, `watch` keeps typing into the victim's shell and asking /healthz,
 * and reports the slowest echo and the slowest health answer, so a test can assert both stay
 * within a (generous) budget and that the victim lost nothing.
 */
import { afterAll, beforeAll } from 'vitest';
import WebSocket from 'ws';
import { startTestLab } from '../helpers/server.ts';
export { requestFrom } from '../../scripts/lib/request-from.ts';

export interface LabUnderTest {
  origin: string;
}

/**
 * What "another learner stays served" means in these tests: generous, because the lab and the
 * attacking clients share one test process on a busy 2-core machine; a frozen server (the findings
 * froze it for 30 to 85 s) blows through it. The bench, not these tests, judges latency targets.
 */
export const BUDGET_MS = 5000;

export async function createSession(lab: LabUnderTest, cookie = '', lesson = 'push-blob'): Promise<{ id: string; cookie: string; state: string }> {
  const res = await fetch(`${lab.origin}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) }, body: JSON.stringify({ lesson }) });
  const body = (await res.json()) as { id: string; state: string; error?: { message: string } };
  if (res.status !== 201) throw new Error(`session not created: ${res.status} ${body.error?.message}`);
  return { id: body.id, state: body.state, cookie: cookie || res.headers.get('set-cookie')!.split(';')[0]! };
}

export interface Victim {
  sessionId: string;
  cookie: string;
  /** Types a marker and resolves with the milliseconds until its echo came back. */
  echo(): Promise<number>;
  /** Runs `during` while sampling echo and /healthz; the slowest of each (Infinity when one failed), and every echo. */
  watch<T>(during: Promise<T>): Promise<{ result: T; maxEchoMs: number; maxHealthMs: number; samples: number; echoMs: number[] }>;
  /** Types into the shell (an attacker's shell is a learner's shell too). */
  type(text: string): void;
  /** The victim's own session, as the API tells it. */
  session(): Promise<{ state: string }>;
  close(): void;
}

/** `cookie`: a learner cookie to start with (a workshop learner who has joined). */
export async function startVictim(lab: LabUnderTest, learnerCookie = ''): Promise<Victim> {
  const { id, cookie } = await createSession(lab, learnerCookie);
  const ticketRes = await fetch(`${lab.origin}/api/sessions/${id}/terminals/host-1/ticket`, { method: 'POST', headers: { cookie } });
  const { ticket } = (await ticketRes.json()) as { ticket: string };
  const ws = new WebSocket(`${lab.origin.replace('http', 'ws')}/api/sessions/${id}/terminals/host-1`, { origin: lab.origin, headers: { cookie } });
  let output = '';
  let unacked = 0;
  ws.on('message', (data, isBinary) => {
    if (!isBinary) return;
    const chunk = data as Buffer;
    output = (output + chunk.toString('latin1')).slice(-4096);
    unacked += chunk.length;
    if (unacked >= 5000) {
      ws.send(JSON.stringify({ t: 'ack', bytes: unacked }));
      unacked = 0;
    }
  });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  ws.send(JSON.stringify({ t: 'hello', ticket, cols: 80, rows: 24 }));
  await waitFor(() => output.includes('learner@host-1'), 10_000, 'the victim prompt');

  let counter = 0;
  const echo = async (): Promise<number> => {
    // Only the typed characters are sent; the echo is the line discipline's, so no command runs.
    const marker = `m${++counter}x`;
    const started = performance.now();
    ws.send(Buffer.from(marker));
    await waitFor(() => output.includes(marker), BUDGET_MS * 4, `the echo of ${marker}`).catch(() => undefined);
    const ms = output.includes(marker) ? performance.now() - started : Infinity;
    ws.send(Buffer.from('\x15')); // Ctrl-U: erase the typed line again
    return ms;
  };
  const health = async (): Promise<number> => {
    const started = performance.now();
    try {
      const res = await fetch(`${lab.origin}/healthz`, { signal: AbortSignal.timeout(BUDGET_MS * 4) });
      return res.status === 200 ? performance.now() - started : Infinity;
    } catch {
      return Infinity;
    }
  };

  return {
    sessionId: id,
    cookie,
    echo,
    async watch(during) {
      let done = false;
      let maxEchoMs = 0;
      let maxHealthMs = 0;
      let samples = 0;
      const echoMs: number[] = [];
      const sampler = (async () => {
        while (!done) {
          const [e, h] = await Promise.all([echo(), health()]);
          echoMs.push(e);
          maxEchoMs = Math.max(maxEchoMs, e);
          maxHealthMs = Math.max(maxHealthMs, h);
          samples++;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      })();
      try {
        const result = await during;
        return { result, maxEchoMs, maxHealthMs, samples, echoMs };
      } finally {
        done = true;
        await sampler;
      }
    },
    async session() {
      return (await (await fetch(`${lab.origin}/api/sessions/${id}`, { headers: { cookie } })).json()) as { state: string };
    },
    type: (text) => ws.send(Buffer.from(text)),
    close: () => ws.close(),
  };
}

/** The lab's count of refusals at one budget (lab_budget_refusals_total), read as an allowed scraper. */
export async function budgetRefusals(lab: LabUnderTest, budget: string): Promise<number> {
  const text = await (await fetch(`${lab.origin}/metrics`)).text();
  const line = text.split('\n').find((candidate) => candidate.startsWith(`lab_budget_refusals_total{budget="${budget}"} `));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

export async function waitFor(predicate: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

type TestLab = Awaited<ReturnType<typeof startTestLab>>;

/** A real lab and its victim for the tests of one file (or describe block): started before them, stopped after. */
export function labWithVictim(env: Record<string, string> = {}): { readonly lab: TestLab; readonly victim: Victim } {
  const world = {} as { lab: TestLab; victim: Victim };
  beforeAll(async () => {
    world.lab = await startTestLab(env);
    world.victim = await startVictim(world.lab);
  });
  afterAll(async () => {
    world.victim?.close();
    await world.lab?.stop();
  });
  return world;
}
