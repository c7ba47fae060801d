/**
 * The bench's learner: what a browser does, through the public API only. The lab runs as its own
 * process (so the bench's own CPU is not counted as the server's); each learner has its own cookie,
 * session, terminal WebSockets and event stream.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { freePort } from '../lib/lab.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PROMPT = /learner@host-\d:~\$ $/;

export interface LabProcess {
  origin: string;
  pid: number;
  stop(): Promise<void>;
}

/** Starts `server/main.ts` in a child process with a throw-away data directory. */
export async function startLabProcess(env: Record<string, string>): Promise<LabProcess> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lab-bench-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), LAB_DATA_DIR: dataDir, LAB_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const origin = `http://127.0.0.1:${port}`;
  await until(async () => (await fetch(`${origin}/healthz`).catch(() => undefined))?.ok === true, 30_000, 'the lab to answer /healthz');
  return {
    origin,
    pid: child.pid!,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function until(probe: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export interface Terminal {
  /** Output received so far (the tail), as text. */
  output(): string;
  type(text: string): void;
  /** Types a command and resolves with its exit code once the shell printed a marker after it. */
  run(command: string, timeoutMs?: number): Promise<number>;
  close(): void;
}

export interface TaskEvent {
  at: number;
  tasks: { id: string; status: string }[];
}

export interface Learner {
  cookie: string;
  sessionId: string;
  hosts: string[];
  /** performance.now() when POST /api/sessions was sent, and when the session answered ready. */
  timings: { requested: number; created: number };
  terminal(host: string): Promise<Terminal>;
  /** The SSE stream: traffic entries and task events as they arrive. */
  watch(): Promise<{ traffic: { at: number; end: number; mutating: boolean }[]; tasks: TaskEvent[]; close(): void }>;
  end(): Promise<void>;
}

let markers = 0;

export async function openTerminal(origin: string, cookie: string, sessionId: string, host: string): Promise<Terminal> {
  const ticketResponse = await fetch(`${origin}/api/sessions/${sessionId}/terminals/${host}/ticket`, { method: 'POST', headers: { cookie } });
  if (!ticketResponse.ok) throw new Error(`bench: ticket answered ${ticketResponse.status}`);
  const { ticket } = (await ticketResponse.json()) as { ticket: string };
  const ws = new WebSocket(`${origin.replace('http', 'ws')}/api/sessions/${sessionId}/terminals/${host}`, { origin, headers: { cookie } });
  let text = '';
  let unacked = 0;
  ws.on('message', (data, isBinary) => {
    if (!isBinary) return;
    const bytes = data as Buffer;
    text = (text.length > 64_000 ? text.slice(-32_000) : text) + bytes.toString('utf8');
    unacked += bytes.length;
    if (unacked >= 5000) {
      ws.send(JSON.stringify({ t: 'ack', bytes: unacked }));
      unacked = 0;
    }
  });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  ws.send(JSON.stringify({ t: 'hello', ticket, cols: 120, rows: 40 }));
  await until(() => PROMPT.test(text), 20_000, `the first prompt on ${host}`);
  const type = (input: string) => ws.send(Buffer.from(input));
  return {
    output: () => text,
    type,
    async run(command, timeoutMs = 60_000) {
      markers += 1;
      const marker = `BENCH${markers}X`;
      // The shell assembles the marker, so the echoed command line never matches it.
      type(`${command}\recho "BENCH${markers}""X $?"\r`);
      let code = -1;
      await until(() => {
        const match = new RegExp(`${marker} (\\d+)`).exec(text);
        if (match) code = Number(match[1]);
        return Boolean(match);
      }, timeoutMs, `"${command.slice(0, 40)}…" to finish`);
      return code;
    },
    close: () => ws.close(),
  };
}

/** Reads the session's SSE stream with fetch, recording when each event arrived. */
export async function watchEvents(origin: string, cookie: string, sessionId: string): ReturnType<Learner['watch']> {
  const controller = new AbortController();
  const response = await fetch(`${origin}/api/sessions/${sessionId}/events`, { headers: { cookie }, signal: controller.signal });
  const traffic: { at: number; end: number; mutating: boolean }[] = [];
  const tasks: TaskEvent[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let split: number;
        while ((split = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, split);
          buffer = buffer.slice(split + 2);
          const event = /^event: (.+)$/m.exec(block)?.[1];
          const data = /^data: (.+)$/m.exec(block)?.[1];
          if (!event || !data) continue;
          const at = Date.now();
          if (event === 'traffic') {
            const entry = JSON.parse(data) as { startedAt: number; durationMs: number; mutating: boolean };
            traffic.push({ at, end: entry.startedAt + entry.durationMs, mutating: entry.mutating });
          } else if (event === 'tasks') {
            tasks.push({ at, tasks: (JSON.parse(data) as TaskEvent).tasks });
          }
        }
      }
    } catch (error) {
      if ((error as Error).name !== 'AbortError') throw error;
    }
  })();
  return { traffic, tasks, close: () => controller.abort() };
}

/** A new learner (own cookie) opens a lesson: POST /api/sessions, as the lesson page does. */
export async function newLearner(origin: string, lesson: string): Promise<Learner> {
  const requested = performance.now();
  const response = await fetch(`${origin}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ lesson }) });
  if (response.status !== 201) throw new Error(`bench: POST /api/sessions answered ${response.status}: ${await response.text()}`);
  const created = performance.now();
  const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
  const session = (await response.json()) as { id: string; hosts: string[]; state: string };
  if (session.state !== 'ready') throw new Error(`bench: session is ${session.state}`);
  return {
    cookie,
    sessionId: session.id,
    hosts: session.hosts,
    timings: { requested, created },
    terminal: (host) => openTerminal(origin, cookie, session.id, host),
    watch: () => watchEvents(origin, cookie, session.id),
    async end() {
      await fetch(`${origin}/api/sessions/${session.id}`, { method: 'DELETE', headers: { cookie } });
    },
  };
}

/**
 * A learner's terminal typing open-loop: a key every few ms whether or not the last one was echoed,
 * as a person types. Waiting for each echo before the next key would let one long stall count
 * as one slow sample instead of every key typed during it (coordinated omission).
 */
export interface Typist {
  /** Types a key every `everyMs`, whether or not the last one was echoed. */
  start(everyMs: number): void;
  /** Stops typing; every key's echo time in ms, Infinity for a key never echoed. */
  stop(): Promise<number[]>;
  close(): void;
}

export async function openTypist(origin: string, cookie: string, sessionId: string, host: string): Promise<Typist> {
  const { ticket } = (await (await fetch(`${origin}/api/sessions/${sessionId}/terminals/${host}/ticket`, { method: 'POST', headers: { cookie } })).json()) as { ticket: string };
  const ws = new WebSocket(`${origin.replace('http', 'ws')}/api/sessions/${sessionId}/terminals/${host}`, { origin, headers: { cookie } });
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
    prompted ||= text.includes(`learner@${host}`);
    for (const match of text.matchAll(/k(\d+)q/g)) {
      const key = Number(match[1]);
      if (echoMs[key] === undefined && sentAt[key] !== undefined) echoMs[key] = now - sentAt[key];
    }
    carry = text.slice(-16);
  });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  ws.send(JSON.stringify({ t: 'hello', ticket, cols: 80, rows: 24 }));
  await until(() => prompted, 20_000, `the typist's prompt on ${host}`);
  let timer: NodeJS.Timeout | undefined;
  return {
    start(everyMs) {
      timer = setInterval(() => {
        const key = sentAt.length;
        sentAt.push(performance.now());
        // Ctrl-U erases the line again, so it never grows past the screen.
        ws.send(Buffer.from(`k${key}q\x15`));
      }, everyMs);
    },
    async stop() {
      clearInterval(timer);
      // A key still unechoed after 10 s counts as Infinity: a lost keystroke is the worst sample, not an error.
      await until(() => echoMs.filter((ms) => ms !== undefined).length === sentAt.length, 10_000, 'the last echoes').catch(() => undefined);
      return sentAt.map((_, key) => echoMs[key] ?? Infinity);
    },
    close: () => ws.close(),
  };
}

/** A typist (typist-process.ts) in a child process; `stop` resolves with its echo times. */
export async function startTypistProcess(origin: string, lesson: string, host: string, everyMs: number): Promise<{ stop(): Promise<number[]> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench/typist-process.ts', origin, lesson, host, String(everyMs)], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines: string[] = [];
  readline.createInterface({ input: child.stdout! }).on('line', (line) => lines.push(line));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let code: number | null | undefined;
  void exited.then((exitCode) => (code = exitCode));
  await until(() => lines.includes('ready') || code !== undefined, 30_000, 'the typist to start typing');
  if (!lines.includes('ready')) throw new Error(`bench: the typist exited (${code}) before it typed`);
  return {
    async stop() {
      child.stdin!.write('stop\n');
      if ((await exited) !== 0) throw new Error('bench: the typist failed');
      return (JSON.parse(lines.at(-1)!) as (number | null)[]).map((ms) => ms ?? Infinity);
    },
  };
}
