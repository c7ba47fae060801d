/**
 * The attacker's side of the terminal abuse tests: a real ticket, a real WebSocket, a hello, and acks
 * like the browser sends, so flow control never pauses the attack. Output is kept raw (no terminal
 * emulator in the test), and the control messages are recorded.
 */
import WebSocket from 'ws';
import type { LabUnderTest } from './victim.ts';

/** Another learner's echo and /healthz must answer within this while a terminal attack runs (the freeze lasted 85 s). */
export const TERMINAL_BUDGET_MS = 1000;

export interface Control {
  t: string;
  mode?: string;
  seq?: number;
  reason?: string;
}

export interface TerminalClient {
  ws: WebSocket;
  controls: Control[];
  /** Binary frames received, in order (the first after a snapshot `ready` is the snapshot). */
  frames: Buffer[];
  output(): string;
  /** The first `ready` or `error`, whichever comes. */
  settled: Promise<Control>;
  closed: Promise<{ code: number; reason: string }>;
  type(text: string): void;
  waitFor(text: string, ms?: number): Promise<void>;
  close(): void;
}

export async function ticket(lab: LabUnderTest, session: { id: string; cookie: string }, host = 'host-1'): Promise<string> {
  const res = await fetch(`${lab.origin}/api/sessions/${session.id}/terminals/${host}/ticket`, { method: 'POST', headers: { cookie: session.cookie } });
  if (res.status !== 200) throw new Error(`no ticket: HTTP ${res.status}`);
  return ((await res.json()) as { ticket: string }).ticket;
}

export async function openTerminal(
  lab: LabUnderTest,
  session: { id: string; cookie: string },
  options: { ticket?: string; cols?: number; rows?: number; lastSeq?: number } = {},
): Promise<TerminalClient> {
  const pass = options.ticket ?? (await ticket(lab, session));
  const ws = new WebSocket(`${lab.origin.replace('http', 'ws')}/api/sessions/${session.id}/terminals/host-1`, { origin: lab.origin, headers: { cookie: session.cookie } });
  const controls: Control[] = [];
  const frames: Buffer[] = [];
  let text = '';
  let unacked = 0;
  let settle: (control: Control) => void = () => undefined;
  const settled = new Promise<Control>((resolve) => (settle = resolve));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  ws.on('message', (data, isBinary) => {
    const bytes = data as Buffer;
    if (!isBinary) {
      const control = JSON.parse(bytes.toString()) as Control;
      controls.push(control);
      if (control.t === 'ready' || control.t === 'error') settle(control);
      return;
    }
    frames.push(bytes);
    text = (text + bytes.toString('latin1')).slice(-65536);
    unacked += bytes.length;
    if (unacked >= 5000) {
      ws.send(JSON.stringify({ t: 'ack', bytes: unacked }));
      unacked = 0;
    }
  });
  ws.on('error', () => undefined);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  ws.send(JSON.stringify({ t: 'hello', ticket: pass, cols: options.cols ?? 80, rows: options.rows ?? 24, ...(options.lastSeq === undefined ? {} : { lastSeq: options.lastSeq }) }));
  return {
    ws,
    controls,
    frames,
    output: () => text,
    settled,
    closed,
    type: (input) => ws.send(Buffer.from(input)),
    async waitFor(wanted, ms = 20_000) {
      const deadline = Date.now() + ms;
      while (!text.includes(wanted)) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${JSON.stringify(wanted)} in the terminal`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    close: () => ws.close(),
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
