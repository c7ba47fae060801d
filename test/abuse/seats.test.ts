/**
 * Finding 7: a POST /api/sessions without a cookie makes a new anonymous learner, so the cap per
 * learner never applied: one client held every seat and filled the line. Seats (open sessions and
 * places in line together) are now budgeted per client address as well.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestLab } from '../helpers/server.ts';
import { BUDGET_MS, budgetRefusals, requestFrom, startVictim, type Victim } from './victim.ts';

const PER_ADDRESS = 3;
let lab: Awaited<ReturnType<typeof startTestLab>>;
let victim: Victim;

beforeAll(async () => {
  lab = await startTestLab({ LAB_MAX_SESSIONS: '5', LAB_SESSIONS_PER_ADDRESS: String(PER_ADDRESS), LAB_METRICS_ALLOW: '127.0.0.1' });
  victim = await startVictim(lab);
});
afterAll(async () => {
  victim?.close();
  await lab?.stop();
});

const open = (from: string, cookie?: string) =>
  requestFrom(lab, from, {
    method: 'POST',
    path: '/api/sessions',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify({ lesson: 'push-blob' }),
  });

describe('seats per client address', () => {
  it('gives a learner cookie one session per lesson, however often and at once it asks', async () => {
    const before = lab.sessions.active;
    const first = await open('127.0.0.20');
    const cookie = String(first.headers['set-cookie']).split(';')[0]!;
    const again = await Promise.all(Array.from({ length: 10 }, () => open('127.0.0.20', cookie)));
    const ids = new Set([first, ...again].map((res) => JSON.parse(res.body).id as string));
    expect(ids.size).toBe(1);
    expect(lab.sessions.active).toBe(before + 1);
    const [id] = ids;
    expect((await requestFrom(lab, '127.0.0.20', { method: 'DELETE', path: `/api/sessions/${id}`, headers: { cookie } })).status).toBe(204);
  });

  it('gives one cookie-less client its share of seats and of the line, never the whole lab', async () => {
    const { result, maxEchoMs, maxHealthMs } = await victim.watch(Promise.all(Array.from({ length: 20 }, () => open('127.0.0.9'))));
    const statuses = result.map((res) => res.status).sort();
    expect(statuses.filter((status) => status === 201)).toHaveLength(PER_ADDRESS);
    expect(statuses.filter((status) => status === 429)).toHaveLength(20 - PER_ADDRESS);
    const refused = result.find((res) => res.status === 429)!;
    expect(JSON.parse(refused.body).error).toMatchObject({ code: 'seat_limit' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);

    // One seat is left for everyone else; then a newcomer waits first in line, not behind 300 fakes.
    expect((await open('127.0.0.10')).status).toBe(201);
    const waiting = await open('127.0.0.11');
    expect(waiting.status).toBe(503);
    expect(JSON.parse(waiting.body).error.queue).toEqual({ position: 1, length: 1 });
    expect((await open('127.0.0.9')).status).toBe(429);
    expect(await budgetRefusals(lab, 'seat-limit')).toBe(20 - PER_ADDRESS + 1);

    // Ending one of its sessions gives the address its share back: it may wait in line again.
    const mine = result.find((res) => res.status === 201)!;
    const { id } = JSON.parse(mine.body) as { id: string };
    const cookie = String(mine.headers['set-cookie']).split(';')[0]!;
    expect((await requestFrom(lab, '127.0.0.9', { method: 'DELETE', path: `/api/sessions/${id}`, headers: { cookie } })).status).toBe(204);
    const waiter = String(waiting.headers['set-cookie']).split(';')[0]!;
    expect((await open('127.0.0.11', waiter)).status).toBe(201);
    expect((await open('127.0.0.9')).status).toBe(503);

    expect(maxEchoMs).toBeLessThan(BUDGET_MS);
    expect(maxHealthMs).toBeLessThan(BUDGET_MS);
    expect((await victim.session()).state).toBe('ready');
  });
});
