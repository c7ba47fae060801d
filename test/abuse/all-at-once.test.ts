/**
 * Design §6's last row: one learner runs every known abuse at once (the terminal mirror's repeat
 * bomb, unread event streams under a flood of long exchanges, snapshot and traffic hammering, concurrent resets,
 * empty-file floods, a wrong-code flood from many addresses, malformed requests), while another
 * learner types. The other learner's echo and /healthz stay answered, and nobody's session is lost.
 * The echo p99 is printed for the record only: here the attacking clients share the test's process
 * with the lab, so it is far above what a learner sees. `npm run bench -- --only abuse` runs the same
 * attacks from a process of their own against a lab in its own, and judges the 50 ms target.
 */
import net from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestLab } from '../helpers/server.ts';
import { BUDGET_MS, createSession, requestFrom, startVictim, type Victim } from './victim.ts';

const CODE = 'OCI-2026';
let lab: Awaited<ReturnType<typeof startTestLab>>;
let victim: Victim;
let attacker: Victim;
let resetTarget: { id: string; cookie: string };
const sockets: net.Socket[] = [];

async function joinedCookie(from: string, name: string): Promise<string> {
  const res = await requestFrom(lab, from, { method: 'POST', path: '/api/join', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: CODE, name }) });
  expect(res.status).toBe(200);
  return String(res.headers['set-cookie']).split(';')[0]!;
}

beforeAll(async () => {
  lab = await startTestLab({ LAB_WORKSHOP_CODE: CODE, LAB_HOST_INODES: '4096' });
  victim = await startVictim(lab, await joinedCookie('127.0.0.1', 'Ada'));
  attacker = await startVictim(lab, await joinedCookie('127.0.0.50', 'Mallory'));
  resetTarget = await createSession(lab, await joinedCookie('127.0.0.51', 'Mallory again'));
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  victim?.close();
  attacker?.close();
  await lab?.stop();
});

function unreadStreams(count: number): void {
  const url = new URL(lab.origin);
  for (let index = 0; index < count; index++) {
    const socket = net.connect(Number(url.port), url.hostname, () => {
      socket.write(`GET /api/sessions/${attacker.sessionId}/events HTTP/1.1\r\nHost: ${url.host}\r\nCookie: ${attacker.cookie}\r\n\r\n`);
      socket.pause();
    });
    sockets.push(socket);
  }
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))]!;

describe('every attack at once', () => {
  it('keeps another learner served', async () => {
    const host = lab.sessions.get(attacker.sessionId)!.host('host-1');
    const attacks = [
      // The terminal mirror's repeat bomb, in the attacker's own terminal.
      (async () => attacker.type(`printf 'a\\e[2147483647b'; echo\r`))(),
      (async () => unreadStreams(20))(),
      host.run(`curl -s -o /dev/null "localhost:5000/v2/nothing/tags/list?${'q'.repeat(8000)}&page=[1-2000]"`, { timeoutMs: 100_000 }),
      host.run('cd /tmp && n=0; while [ $n -lt 20000 ] && : 2>/dev/null > f$n; do n=$((n+1)); done', { timeoutMs: 100_000 }),
      Promise.all(Array.from({ length: 60 }, () => fetch(`${lab.origin}/api/sessions/${attacker.sessionId}/registry`, { headers: { cookie: attacker.cookie } }).then((res) => res.text()))),
      Promise.all(Array.from({ length: 60 }, () => fetch(`${lab.origin}/api/sessions/${attacker.sessionId}/traffic`, { headers: { cookie: attacker.cookie } }).then((res) => res.text()))),
      Promise.all(Array.from({ length: 5 }, () => fetch(`${lab.origin}/api/sessions/${resetTarget.id}/reset`, { method: 'POST', headers: { cookie: resetTarget.cookie } }).then((res) => res.text()))),
      Promise.all(Array.from({ length: 100 }, (_, index) => requestFrom(lab, `127.0.1.${index + 1}`, { method: 'POST', path: '/api/join', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: `GUESS-${index}`, name: 'M' }) }))),
      Promise.all(Array.from({ length: 20 }, () => createSession(lab, resetTarget.cookie).catch(() => undefined))),
      Promise.all(Array.from({ length: 50 }, () => requestFrom(lab, '127.0.0.52', { method: 'POST', path: '/api/sessions', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: Buffer.from('not gzip') }))),
      Promise.all(Array.from({ length: 50 }, () => requestFrom(lab, '127.0.0.52', { path: `/api/lessons/${'a'.repeat(5000)}` }))),
    ];
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    const { maxEchoMs, maxHealthMs, echoMs, samples } = await victim.watch(Promise.all(attacks));
    loop.disable();
    console.log(
      `all-at-once: ${samples} samples, victim echo p50 ${percentile(echoMs, 50).toFixed(1)} ms, p99 ${percentile(echoMs, 99).toFixed(1)} ms, max ${maxEchoMs.toFixed(1)} ms; ` +
        `/healthz max ${maxHealthMs.toFixed(1)} ms; event loop delay p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms, max ${(loop.max / 1e6).toFixed(1)} ms`,
    );

    expect(samples).toBeGreaterThan(10);
    expect(maxEchoMs).toBeLessThan(BUDGET_MS);
    expect(maxHealthMs).toBeLessThan(BUDGET_MS);
    expect((await victim.session()).state).toBe('ready');
    expect((await attacker.session()).state).toBe('ready');
    const reset = await (await fetch(`${lab.origin}/api/sessions/${resetTarget.id}`, { headers: { cookie: resetTarget.cookie } })).json();
    expect(reset.state).toBe('ready');
    // The victim's shell still works end to end.
    expect(await victim.echo()).toBeLessThan(BUDGET_MS);
  });
});
