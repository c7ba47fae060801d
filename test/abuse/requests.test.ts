/**
 * Finding 9 (the parts outside the terminal) and request sizes: five resets at once leave the
 * session ready and say nothing of the server's paths; a gzip body with bad bytes is the client's
 * error (400), not the server's; an over-long path or header block is refused before any route runs.
 */
import { describe, expect, it } from 'vitest';
import { MAX_URL_LENGTH } from '../../server/api/index.ts';
import { withoutPaths } from '../../server/sessions/index.ts';
import { BUDGET_MS, budgetRefusals, createSession, labWithVictim, requestFrom } from './victim.ts';

const world = labWithVictim({ LAB_METRICS_ALLOW: '127.0.0.1' });

describe('requests a learner can send', () => {
  it('survives five concurrent resets: ready afterwards, and no server path in any answer', async () => {
    const attacker = await createSession(world.lab);
    const reset = () => fetch(`${world.lab.origin}/api/sessions/${attacker.id}/reset`, { method: 'POST', headers: { cookie: attacker.cookie } }).then(async (res) => ({ status: res.status, text: await res.text() }));
    const { result, maxEchoMs, maxHealthMs } = await world.victim.watch(Promise.all(Array.from({ length: 5 }, reset)));
    const session = await (await fetch(`${world.lab.origin}/api/sessions/${attacker.id}`, { headers: { cookie: attacker.cookie } })).text();
    for (const answer of [...result.map((r) => r.text), session]) {
      expect(answer).not.toMatch(/\/(tmp|var|home|root|work)\//);
      expect(answer).not.toContain(world.lab.sessions.get(attacker.id)!.dir);
    }
    expect(result.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(JSON.parse(session).state).toBe('ready');
    // The fresh registry and shells work.
    const probe = await world.lab.sessions.get(attacker.id)!.host('host-1').run('curl -s -o /dev/null -w "%{http_code}" localhost:5000/v2/');
    expect(probe.stdout).toBe('200');
    expect(maxEchoMs).toBeLessThan(BUDGET_MS);
    expect(maxHealthMs).toBeLessThan(BUDGET_MS);
  });

  it('says a failure without the server\u2019s paths (the message five resets used to leave)', () => {
    const leaked = "the lesson could not be reset: ENOENT: no such file or directory, mkdir '/tmp/lab-test-x1/sessions/0a1b/registry/storage'";
    expect(withoutPaths(leaked)).toBe("the lesson could not be reset: ENOENT: no such file or directory, mkdir '\u2026'");
    expect(withoutPaths('HEAD /v2/hello/manifests/v1 answered 500')).toBe('HEAD /v2/hello/manifests/v1 answered 500');
  });

  it('answers a gzip body with bad bytes with 400', async () => {
    const res = await requestFrom(world.lab, '127.0.0.1', {
      method: 'POST',
      path: '/api/sessions',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: Buffer.from('this is not gzip at all'),
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).error.code).toBe('bad_body');
  });

  it('refuses an over-long path with 414 and an over-large header block with 431', async () => {
    const longPath = await requestFrom(world.lab, '127.0.0.1', { path: `/api/lessons/${'a'.repeat(MAX_URL_LENGTH)}` });
    expect(longPath.status).toBe(414);
    expect(JSON.parse(longPath.body).error.code).toBe('uri_too_long');
    expect(await budgetRefusals(world.lab, 'uri-too-long')).toBe(1);
    const bigHeaders = await requestFrom(world.lab, '127.0.0.1', { path: '/healthz', headers: { 'x-filler': 'x'.repeat(20_000) } });
    expect(bigHeaders.status).toBe(431);
    expect((await fetch(`${world.lab.origin}/healthz`)).status).toBe(200);
  });
});
