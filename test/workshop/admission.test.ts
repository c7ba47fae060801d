/** Joining with a workshop code, and what the next learner sees at capacity. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestLab } from '../helpers/server.ts';

let lab: Awaited<ReturnType<typeof startTestLab>>;
beforeAll(async () => {
  lab = await startTestLab({ LAB_WORKSHOP_CODE: 'OCI-2026', LAB_MAX_SESSIONS: '1', LAB_METRICS_ALLOW: '127.0.0.1' });
});
afterAll(async () => lab?.stop());

const post = (path: string, body: unknown, cookie = '') => fetch(`${lab.origin}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(body) });

async function join(name: string): Promise<string> {
  const res = await post('/api/join', { code: 'oci-2026', name });
  expect(res.status).toBe(200);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

describe('workshop admission', () => {
  it('requires the join code, refuses a wrong one clearly, then makes the client wait', async () => {
    const refused = await post('/api/sessions', { lesson: 'push-blob' });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('join_first');
    const wrong = await post('/api/join', { code: 'nope', name: 'Ada' });
    expect(wrong.status).toBe(403);
    expect(((await wrong.json()) as { error: { message: string } }).error.message).toMatch(/not this workshop/);
    const tooSoon = await post('/api/join', { code: 'oci-2026', name: 'Ada' });
    expect(tooSoon.status).toBe(429);
    expect(Number(tooSoon.headers.get('retry-after'))).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, Number(tooSoon.headers.get('retry-after')) * 1000));
  });

  it('queues learners in arrival order at capacity and admits the head of the line when a seat frees', async () => {
    const ada = await join('Ada');
    const first = await post('/api/sessions', { lesson: 'push-blob' }, ada);
    expect(first.status).toBe(201);
    const { id } = (await first.json()) as { id: string };
    const grace = await join('Grace');
    const linus = await join('Linus');
    const place = async (cookie: string) => {
      const res = await post('/api/sessions', { lesson: 'push-blob' }, cookie);
      if (res.status === 201) return 'admitted';
      expect(res.status).toBe(503);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      const body = (await res.json()) as { error: { code: string; message: string; queue: { position: number; length: number } } };
      expect(body.error.code).toBe('at_capacity');
      expect(body.error.message).toContain(`number ${body.error.queue.position} in line`);
      return body.error.queue;
    };
    expect(await place(grace)).toEqual({ position: 1, length: 1 });
    expect(await place(linus)).toEqual({ position: 2, length: 2 });
    expect(await place(grace)).toEqual({ position: 1, length: 2 });
    const metrics = await (await fetch(`${lab.origin}/metrics`)).text();
    expect(metrics).toContain('lab_sessions_queued 2');

    expect((await fetch(`${lab.origin}/api/sessions/${id}`, { method: 'DELETE', headers: { cookie: ada } })).status).toBe(204);
    // The freed seat belongs to Grace, who came first, even though Linus asks before she does.
    expect(await place(linus)).toEqual({ position: 2, length: 2 });
    expect(await place(grace)).toBe('admitted');
    expect(await place(linus)).toEqual({ position: 1, length: 1 });
    expect(await (await fetch(`${lab.origin}/api/me`, { headers: { cookie: grace } })).json()).toEqual({ workshop: true, joined: true, name: 'Grace' });
  });
});
