/**
 * Terminal and checker figures for `npm run bench`: keystroke echo over the WebSocket with 50 idle
 * sessions open, a `yes` flood then Ctrl-C with a client that reads at 2 MB/s, throughput of a
 * 50 MB output to a client that acks, and the time of all push-blob checks after its solution.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { hostSections } from '../../server/lessons/index.ts';
import { startTestLab } from '../lib/lab.ts';
import { learnerFiles } from '../../checkers/lib/index.ts';
import { newLearner, openTypist } from './learner-client.ts';
import { percentile } from './sessions.ts';

type Lab = Awaited<ReturnType<typeof startTestLab>>;

interface Client {
  ws: WebSocket;
  /** All output received so far, as text. */
  output(): string;
  onBytes(listener: (bytes: Buffer) => void): void;
  ack(bytes: number): void;
  type(text: string): void;
}

async function openClient(lab: Lab, lesson = 'push-blob'): Promise<{ client: Client; sessionId: string }> {
  const created = await fetch(`${lab.origin}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ lesson }) });
  const cookie = created.headers.get('set-cookie')!.split(';')[0]!;
  const { id } = (await created.json()) as { id: string };
  const { ticket } = (await (await fetch(`${lab.origin}/api/sessions/${id}/terminals/host-1/ticket`, { method: 'POST', headers: { cookie } })).json()) as { ticket: string };
  const ws = new WebSocket(`${lab.origin.replace('http', 'ws')}/api/sessions/${id}/terminals/host-1`, { origin: lab.origin, headers: { cookie } });
  await new Promise((resolve) => ws.once('open', resolve));
  let text = '';
  const listeners: ((bytes: Buffer) => void)[] = [];
  ws.on('message', (data, isBinary) => {
    if (!isBinary) return;
    const bytes = data as Buffer;
    // Only the tail matters for markers; keeping it short keeps the client cheap during a 50 MB run.
    text = (text.length > 64_000 ? text.slice(-32_000) : text) + bytes.toString('utf8');
    for (const listener of listeners) listener(bytes);
  });
  ws.send(JSON.stringify({ t: 'hello', ticket, cols: 120, rows: 40 }));
  const client: Client = {
    ws,
    output: () => text,
    onBytes: (listener) => listeners.push(listener),
    ack: (bytes) => ws.send(JSON.stringify({ t: 'ack', bytes })),
    type: (input) => ws.send(Buffer.from(input)),
  };
  await until(() => /learner@host-1:~\$ $/.test(text), 15_000);
  return { client, sessionId: id };
}

async function until(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('benchmark step timed out');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function echoMs(lab: Lab): Promise<{ p50: number; p99: number }> {
  const idle = await Promise.all(Array.from({ length: 50 }, (_, i) => lab.sessions.create({ learnerId: (5000 + i).toString(16).padStart(32, '0'), lesson: null, hosts: ['host-1'] })));
  const figures = await typingEchoMs(lab);
  await Promise.all(idle.map((session) => lab.sessions.close(session, 'bench')));
  return figures;
}

/** A new learner types 200 keys, one every 20 ms like fast typing, open loop: echo p50 and p99. */
async function typingEchoMs(lab: Lab): Promise<{ p50: number; p99: number }> {
  const learner = await newLearner(lab.origin, 'push-blob');
  const typist = await openTypist(lab.origin, learner.cookie, learner.sessionId, 'host-1');
  typist.start(20);
  await new Promise((resolve) => setTimeout(resolve, 200 * 20));
  const samples = await typist.stop();
  typist.close();
  await learner.end();
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

/** 3 s of `yes`, then Ctrl-C: ms until the prompt is back, reading (and acking) at 2 MB/s. */
async function floodCtrlC(lab: Lab): Promise<{ floodCtrlCMs: number; floodQueuedMaxKB: number }> {
  const { client } = await openClient(lab);
  let backlog = Buffer.alloc(0);
  let consumed = '';
  client.onBytes((bytes) => (backlog = Buffer.concat([backlog, bytes])));
  const reader = setInterval(() => {
    const take = backlog.subarray(0, 20_000);
    backlog = backlog.subarray(take.length);
    if (!take.length) return;
    consumed = (consumed + take.toString('latin1')).slice(-4096);
    client.ack(take.length);
  }, 10);
  let queuedMax = 0;
  const sampler = setInterval(() => (queuedMax = Math.max(queuedMax, lab.terminals.stats().maxQueuedBytes + backlog.length)), 5);
  client.type('yes\r');
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const started = performance.now();
  client.type('\x03echo FLOOD-$((40+2))\r');
  await until(() => consumed.includes('FLOOD-42\r\n'), 60_000);
  const elapsed = performance.now() - started;
  clearInterval(reader);
  clearInterval(sampler);
  client.ws.close();
  return { floodCtrlCMs: Math.round(elapsed), floodQueuedMaxKB: Math.round(queuedMax / 1024) };
}

async function terminalMBps(lab: Lab): Promise<number> {
  const { client } = await openClient(lab);
  let received = 0;
  client.onBytes((bytes) => {
    received += bytes.length;
    client.ack(bytes.length);
  });
  const started = performance.now();
  client.type("head -c 50000000 /dev/zero | tr '\\0' a; echo; echo DONE-$((1+1))\r");
  await until(() => client.output().includes('DONE-2\r\n'), 120_000);
  const seconds = (performance.now() - started) / 1000;
  client.ws.close();
  return Math.round((received / 1e6 / seconds) * 10) / 10;
}

/** p50 of running every push-blob check once, after the solution ran. */
async function checkMs(lab: Lab): Promise<{ p50: number }> {
  const lesson = lab.lessons.catalog().lessons.find((l) => l.id === 'push-blob')!;
  const session = await lab.sessions.create({ learnerId: 'c'.repeat(32), lesson: 'push-blob', hosts: lesson.meta.hosts });
  for (const section of hostSections(readFileSync(path.join(lesson.dir, 'solution.sh'), 'utf8'), 'host-1')) await session.host(section.host).run(section.script);
  const fixtures = lab.lessons.fixtures(session);
  const samples: number[] = [];
  for (let i = 0; i < 50; i++) {
    const started = performance.now();
    for (const task of lesson.meta.tasks) {
      await lesson.checker[task.id]!({
        registry: session.registry,
        fixtures,
        files: (host) => learnerFiles(session.host(host).homeDir, session.host(host).tmpDir),
        traffic: session.traffic(),
      });
    }
    samples.push(performance.now() - started);
  }
  await lab.sessions.close(session, 'bench');
  return { p50: percentile(samples, 50) };
}

/**
 * One learner keeps both cores busy (60 busy loops in their shell, as many as a learner may start
 * within LAB_SANDBOX_NPROC) while another types: the other learner's echo, p50 and p99.
 */
async function cpuHogEchoMs(lab: Lab): Promise<{ p50: number; p99: number }> {
  const { client: attacker } = await openClient(lab);
  attacker.onBytes((bytes) => attacker.ack(bytes.length));
  attacker.type('for i in $(seq 60); do (while :; do :; done) & done\r');
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const figures = await typingEchoMs(lab);
  attacker.type('kill $(jobs -p)\r');
  attacker.ws.close();
  return figures;
}

export async function benchTerminal(): Promise<Record<string, unknown>> {
  const lab = await startTestLab({ LAB_MAX_SESSIONS: '80', LAB_SESSIONS_PER_ADDRESS: '80', LAB_IDLE_TIMEOUT: '1h' });
  try {
    return { echoMs: await echoMs(lab), cpuHogEchoMs: await cpuHogEchoMs(lab), ...(await floodCtrlC(lab)), terminalMBps: await terminalMBps(lab), checkMs: await checkMs(lab) };
  } finally {
    await lab.stop();
  }
}
