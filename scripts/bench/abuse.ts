/**
 * `allAtOnce` for `npm run bench`: design §6's last row. The lab runs as its own process, the attacker
 * (scripts/bench/attacker.ts) as another, and this process is the other learner: it types a key every
 * 20 ms and times each echo, and asks /healthz every 100 ms, while every attack runs at once.
 * test/abuse/all-at-once.test.ts proves nobody is lost; this measures how the other learner fares.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { requestFrom } from '../lib/request-from.ts';
import { openTypist, startLabProcess } from './learner-client.ts';
import { percentile } from './sessions.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CODE = 'BENCH-2026';
/** The attack takes about 5 s; an attacker (or a /healthz) still going after this is a hung bench. */
const ATTACK_BUDGET_MS = 120_000;

export async function allAtOnce(): Promise<Record<string, unknown>> {
  const lab = await startLabProcess({ LAB_WORKSHOP_CODE: CODE, LAB_HOST_INODES: '4096' });
  try {
    const joined = await requestFrom(lab, '127.0.0.1', { method: 'POST', path: '/api/join', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: CODE, name: 'Ada' }) });
    const cookie = String(joined.headers['set-cookie']).split(';')[0]!;
    const created = await fetch(`${lab.origin}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ lesson: 'push-blob' }) });
    const { id } = (await created.json()) as { id: string };
    const victim = await openTypist(lab.origin, cookie, id, 'host-1');
    const attacker = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench/attacker.ts', lab.origin, CODE], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
    const lines = readline.createInterface({ input: attacker.stdout! });
    const said = (word: string) => new Promise<void>((resolve) => lines.on('line', (line) => line === word && resolve()));
    const exited = new Promise<number | null>((resolve) => attacker.once('exit', resolve));
    await Promise.race([said('ready'), exited.then((code) => Promise.reject(new Error(`bench: the attacker exited (${code}) before it was ready`)))]);

    const health: number[] = [];
    let attacking = true;
    victim.start(20);
    const asking = (async () => {
      while (attacking) {
        const started = performance.now();
        // An unanswered /healthz is the worst sample, not the end of the bench.
        const ok = await fetch(`${lab.origin}/healthz`, { signal: AbortSignal.timeout(ATTACK_BUDGET_MS) }).then((res) => res.ok, () => false);
        health.push(ok ? performance.now() - started : Infinity);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const started = performance.now();
    attacker.stdin!.write('go\n');
    const deadline = setTimeout(() => attacker.kill('SIGKILL'), ATTACK_BUDGET_MS);
    const code = await exited;
    clearTimeout(deadline);
    attacking = false;
    const echo = await victim.stop();
    await asking;
    victim.close();
    if (code !== 0) throw new Error(`bench: the attacker exited with ${code} (killed after ${ATTACK_BUDGET_MS / 1000} s if null)`);
    return {
      allAtOnce: {
        attackSeconds: Math.round((performance.now() - started) / 100) / 10,
        echoMs: { samples: echo.length, p50: percentile(echo, 50), p99: percentile(echo, 99), max: Math.max(...echo) },
        healthzMs: { samples: health.length, p99: percentile(health, 99), max: Math.max(...health) },
      },
    };
  } finally {
    await lab.stop();
  }
}
