/** Terminal reconnects against the real server: exact resume by lastSeq, a snapshot when the ring is gone, and the grace period. */
import { Terminal } from '@xterm/headless';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { readdirSync, readFileSync } from 'node:fs';
import { startTestLab } from '../helpers/server.ts';

let lab: Awaited<ReturnType<typeof startTestLab>>;
let cookie = '';
let sessionId = '';

beforeAll(async () => {
  lab = await startTestLab({ LAB_TERMINAL_GRACE: '2s' });
  const res = await fetch(`${lab.origin}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ lesson: 'push-blob' }) });
  cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  sessionId = ((await res.json()) as { id: string }).id;
});
afterAll(async () => lab?.stop());

async function until(predicate: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A client that counts output frames like the browser does, rendering into a headless terminal. */
async function connect(lastSeq?: number) {
  const { ticket } = (await (await fetch(`${lab.origin}/api/sessions/${sessionId}/terminals/host-1/ticket`, { method: 'POST', headers: { cookie } })).json()) as { ticket: string };
  const ws = new WebSocket(`${lab.origin.replace('http', 'ws')}/api/sessions/${sessionId}/terminals/host-1`, { origin: lab.origin, headers: { cookie } });
  const term = new Terminal({ cols: 80, rows: 24, allowProposedApi: true });
  const state = { seq: lastSeq ?? 0, mode: '', snapshotPending: false };
  ws.on('message', (data, isBinary) => {
    if (!isBinary) {
      const message = JSON.parse(String(data)) as { t: string; mode?: string; seq?: number };
      if (message.t === 'ready') {
        state.mode = message.mode!;
        if (message.mode !== 'resume') state.seq = message.seq!;
        state.snapshotPending = message.mode === 'snapshot';
      }
      return;
    }
    if (state.snapshotPending) state.snapshotPending = false;
    else state.seq += 1;
    term.write(data as Buffer);
  });
  await new Promise((resolve) => ws.once('open', resolve));
  ws.send(JSON.stringify({ t: 'hello', ticket, cols: 80, rows: 24, ...(lastSeq === undefined ? {} : { lastSeq }) }));
  const screen = () => {
    const buffer = term.buffer.active;
    return Array.from({ length: buffer.length }, (_, i) => buffer.getLine(i)!.translateToString(true)).join('\n');
  };
  const flushed = () => new Promise<void>((resolve) => term.write('', resolve));
  return { ws, term, state, screen, flushed, type: (text: string) => ws.send(Buffer.from(text)) };
}

describe('terminal reconnect', () => {
  it('resumes with exactly the frames it missed', async () => {
    const first = await connect();
    await until(() => first.screen().includes('learner@host-1:~$'));
    first.type('echo before-$((1+1))\r');
    await until(() => first.screen().includes('before-2'));
    await first.flushed();
    const seen = first.state.seq;
    first.ws.close();
    await new Promise((r) => setTimeout(r, 200));
    const second = await connect(seen);
    await until(() => second.state.mode !== '');
    expect(second.state.mode).toBe('resume');
    second.type('echo after-$((2+2))\r');
    await until(() => second.screen().includes('after-4'));
    expect(second.screen()).not.toContain('before-2');
    second.ws.close();
  });

  it('sends a snapshot that redraws a full-screen program when the client has nothing', async () => {
    const first = await connect(0);
    await until(() => first.state.mode !== '');
    first.type('clear; printf "\\033[?1049h\\033[HFULLSCREEN-%s" ok; sleep 30\r');
    await until(() => first.screen().includes('FULLSCREEN-ok'));
    first.ws.close();
    await new Promise((r) => setTimeout(r, 200));
    const second = await connect();
    await until(() => second.state.mode !== '');
    expect(second.state.mode).toBe('snapshot');
    await until(() => second.screen().includes('FULLSCREEN-ok'));
    expect(second.term.buffer.active.type).toBe('alternate');
    second.type('\x03');
    second.ws.close();
  });

  /** Host processes of this session's interactive shells (their bwrap command line names the rcfile). */
  const interactiveShells = () => {
    const home = `${lab.sessions.get(sessionId)!.dir}/hosts/host-1/home`;
    return readdirSync('/proc').filter((e) => /^\d+$/.test(e)).filter((pid) => {
      try {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        return cmdline.includes(home) && cmdline.includes('--rcfile');
      } catch {
        return false;
      }
    }).length;
  };

  it('kills the shell when nobody comes back within the grace period', async () => {
    const client = await connect();
    await until(() => client.state.mode !== '');
    expect(interactiveShells()).toBeGreaterThan(0);
    client.ws.close();
    await new Promise((r) => setTimeout(r, 1000));
    expect(interactiveShells()).toBeGreaterThan(0);
    await until(() => interactiveShells() === 0, 6000);
    expect(lab.terminals.stats().terminals).toBe(0);
  });
});
