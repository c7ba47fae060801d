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
import WebSocket from 'ws';
import { requestFrom } from '../lib/request-from.ts';
import { startLabProcess, until } from './learner-client.ts';
import { percentile } from './sessions.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CODE = 'BENCH-2026';

/**
 * The other learner's terminal, typing open-loop: a key every 20 ms whether or not the last one was
 * echoed, as a person types. Waiting for each echo before the next key would let one long stall count
 * as one slow sample instead of every key typed during it (coordinated omission).
 */
async function typist(origin: string): Promise<{ start(): void; stop(): Promise<number[]>; close(): void }> {
  const joined = await requestFrom({ origin }, '127.0.0.1', { method: 'POST', path: '/api/join', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: CODE, name: 'Ada' }) });
  const cookie = String(joined.headers['set-cookie']).split(';')[0]!;
  const created = await fetch(`${origin}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ lesson: 'push-blob' }) });
  const { id } = (await created.json()) as { id: string };
  const { ticket } = (await (await fetch(`${origin}/api/sessions/${id}/terminals/host-1/ticket`, { method: 'POST', headers: { cookie } })).json()) as { ticket: string };
  const ws = new WebSocket(`${origin.replace('http', 'ws')}/api/sessions/${id}/terminals/host-1`, { origin, headers: { cookie } });
  const sentAt: number[] = [];
  const echoMs: number[] = [];
  let carry = '';
  let prompted = false;
  let unacked = 0;
  ws.on('message', (data, isBinary) => {
    if (!isBinary) return;
    const now = performance.now();
    const bytes = data as Buffer;
    unacked += bytes.length;
    if (unacked >= 5000) {
      ws.send(JSON.stringify({ t: 'ack', bytes: unacked }));
      unacked = 0;
    }
    // A marker may straddle two messages: keep the end of the last one.
    const text = carry + bytes.toString('latin1');
    prompted ||= text.includes('learner@host-1');
    for (const match of text.matchAll(/k(\d+)q/g)) {
      const key = Number(match[1]);
      if (echoMs[key] === undefined && sentAt[key] !== undefined) echoMs[key] = now - sentAt[key];
    }
    carry = text.slice(-16);
  });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  ws.send(JSON.stringify({ t: 'hello', ticket, cols: 80, rows: 24 }));
  await until(() => prompted, 20_000, 'the other learner’s prompt');
  let timer: NodeJS.Timeout | undefined;
  return {
    start() {
      timer = setInterval(() => {
        const key = sentAt.length;
        sentAt.push(performance.now());
        // Ctrl-U erases the line again, so it never grows past the screen.
        ws.send(Buffer.from(`k${key}q\x15`));
      }, 20);
    },
    async stop() {
      clearInterval(timer);
      await until(() => echoMs.filter((ms) => ms !== undefined).length === sentAt.length, 10_000, 'the last echoes').catch(() => undefined);
      return sentAt.map((_, key) => echoMs[key] ?? Infinity);
    },
    close: () => ws.close(),
  };
}

export async function allAtOnce(): Promise<Record<string, unknown>> {
  const lab = await startLabProcess({ LAB_WORKSHOP_CODE: CODE, LAB_HOST_INODES: '4096' });
  try {
    const victim = await typist(lab.origin);
    const attacker = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench/attacker.ts', lab.origin, CODE], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
    const lines = readline.createInterface({ input: attacker.stdout! });
    const said = (word: string) => new Promise<void>((resolve) => lines.on('line', (line) => line === word && resolve()));
    const exited = new Promise<number | null>((resolve) => attacker.once('exit', resolve));
    await Promise.race([said('ready'), exited.then((code) => Promise.reject(new Error(`bench: the attacker exited (${code}) before it was ready`)))]);

    const health: number[] = [];
    let attacking = true;
    victim.start();
    const asking = (async () => {
      while (attacking) {
        const started = performance.now();
        const res = await fetch(`${lab.origin}/healthz`);
        health.push(res.ok ? performance.now() - started : Infinity);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const started = performance.now();
    attacker.stdin!.write('go\n');
    const code = await exited;
    attacking = false;
    const echo = await victim.stop();
    await asking;
    victim.close();
    if (code !== 0) throw new Error(`bench: the attacker exited with ${code}`);
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
