/**
 * Finding 3: /api/join. A flood of wrong codes must not leave a timer (or anything else) behind per
 * request, must slow guessing from many addresses as much as from one, and must not slow a learner
 * who has already joined.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JoinLimits } from '../../server/api/index.ts';
import { startTestLab } from '../helpers/server.ts';
import { BUDGET_MS, budgetRefusals, requestFrom, startVictim, type Victim } from './victim.ts';

const CODE = 'OCI-2026';
let lab: Awaited<ReturnType<typeof startTestLab>>;
let victim: Victim;

const join = (from: string, code: string, abort = false) =>
  requestFrom(lab, from, { method: 'POST', path: '/api/join', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, name: 'Mallory' }), abort });
const pendingTimers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

beforeAll(async () => {
  lab = await startTestLab({ LAB_WORKSHOP_CODE: CODE, LAB_METRICS_ALLOW: '127.0.0.1' });
  const joined = await join('127.0.0.1', CODE.toLowerCase());
  expect(joined.status).toBe(200);
  victim = await startVictim(lab, String(joined.headers['set-cookie']).split(';')[0]!);
});
afterAll(async () => {
  victim?.close();
  await lab?.stop();
});

describe('the join flood', () => {
  it('keeps nothing per hung-up request, slows guessing from every address, and never slows the joined learner', async () => {
    const timersBefore = pendingTimers();
    // Guessing in parallel: many addresses, each locked out after its first wrong code.
    const attackers = Array.from({ length: 100 }, (_, index) => `127.0.0.${index + 2}`);
    const flood = async () => {
      for (let round = 0; round < 3; round++) {
        await Promise.all(attackers.map((from) => join(from, `GUESS-${round}`, true)));
      }
    };
    const { maxEchoMs, maxHealthMs } = await victim.watch(flood());
    // No timer per wrong code (each one used to wait out a growing delay, long after its client left).
    expect(pendingTimers() - timersBefore).toBeLessThan(20);

    // The lab has seen more wrong codes this minute than its budget: the right code is not even
    // compared, from an address that guessed or from one that never did.
    for (const from of ['127.0.0.2', '127.0.0.250']) {
      const refused = await join(from, CODE);
      expect(refused.status).toBe(429);
      const retryAfter = Number(refused.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(JSON.parse(refused.body).error.message).toMatch(/try again in \d+ s/);
    }
    expect(JoinLimits.GLOBAL_FAILURES_PER_MINUTE).toBeLessThan(300);
    expect(await budgetRefusals(lab, 'join-wait')).toBeGreaterThanOrEqual(2);

    expect(maxEchoMs).toBeLessThan(BUDGET_MS);
    expect(maxHealthMs).toBeLessThan(BUDGET_MS);
    expect((await victim.session()).state).toBe('ready');
  });
});
