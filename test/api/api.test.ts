/**
 * The HTTP API and the terminal gateway against the real server, real registry and real sandboxes:
 * ownership (404 for others), bad input, the classic curl mistake explained, and terminal abuse.
 */
import { Terminal } from '@xterm/headless';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { startTestLab } from '../helpers/server.ts';

let lab: Awaited<ReturnType<typeof startTestLab>>;
let cookie = '';
let sessionId = '';

beforeAll(async () => {
  lab = await startTestLab();
  const res = await fetch(`${lab.origin}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ lesson: 'push-blob' }) });
  cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  sessionId = ((await res.json()) as { id: string }).id;
});
afterAll(async () => lab?.stop());

const api = (path: string, init: RequestInit = {}, as = cookie) => fetch(`${lab.origin}${path}`, { ...init, headers: { 'content-type': 'application/json', cookie: as, ...init.headers } });

async function openTerminal(origin = lab.origin, withCookie = cookie) {
  const { ticket } = (await (await api(`/api/sessions/${sessionId}/terminals/host-1/ticket`, { method: 'POST' })).json()) as { ticket: string };
  const ws = new WebSocket(`${lab.origin.replace('http', 'ws')}/api/sessions/${sessionId}/terminals/host-1`, { origin, headers: { cookie: withCookie } });
  const term = new Terminal({ cols: 100, rows: 30, allowProposedApi: true });
  const control: { t: string; reason?: string }[] = [];
  ws.on('message', (data, isBinary) => (isBinary ? term.write(data as Buffer) : control.push(JSON.parse(String(data)))));
  const screen = () => {
    const buffer = term.buffer.active;
    return Array.from({ length: buffer.length }, (_, i) => buffer.getLine(i)!.translateToString(true)).join('\n');
  };
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  const opened = new Promise<void>((resolve, reject) => ws.once('open', () => resolve()).once('unexpected-response', (_req, res) => reject(new Error(String(res.statusCode)))));
  return { ws, ticket, screen, control, closed, opened, hello: () => ws.send(JSON.stringify({ t: 'hello', ticket, cols: 100, rows: 30 })) };
}

const waitFor = async (predicate: () => boolean, ms = 10_000) => {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe('HTTP API', () => {
  it('answers another learner with 404 on every session route', async () => {
    const stranger = 'lab_learner=' + 'f'.repeat(32);
    for (const [method, path] of [['GET', ''], ['GET', '/tasks'], ['POST', '/check'], ['GET', '/registry'], ['GET', '/traffic'], ['POST', '/reset'], ['POST', '/terminals/host-1/ticket'], ['DELETE', '']] as const) {
      const res = await api(`/api/sessions/${sessionId}${path}`, { method }, stranger);
      expect([method, path, res.status]).toEqual([method, path, 404]);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
  });

  it('answers malformed JSON with 400, an oversized body with 413, an unknown lesson with 404', async () => {
    expect((await api('/api/sessions', { method: 'POST', body: '{nope' })).status).toBe(400);
    expect((await api('/api/sessions', { method: 'POST', body: JSON.stringify({ lesson: 'x'.repeat(40_000) }) })).status).toBe(413);
    expect((await api('/api/sessions', { method: 'POST', body: JSON.stringify({ lesson: 'no-such-lesson' }) })).status).toBe(404);
    expect((await api('/api/sessions', { method: 'POST', body: JSON.stringify({ lesson: 42 }) })).status).toBe(400);
  });

  it('explains the classic curl mistake, then passes a correct upload without pressing Check', async () => {
    const session = lab.sessions.get(sessionId)!;
    await session.host('host-1').run(`D="sha256:$(sha256sum ~/blob.tar.gz | cut -d' ' -f1)"; L=$(curl -si -X POST http://$REGISTRY/v2/hello-world/blobs/uploads/ | tr -d '\\r' | sed -n 's/^[Ll]ocation: //p'); curl -s -X PUT --data-binary @blob.tar.gz "$L&digest=$D"`);
    const failed = (await (await api(`/api/sessions/${sessionId}/check`, { method: 'POST' })).json()) as { tasks: { id: string; status: string; hint?: string }[] };
    expect(failed.tasks[0]).toMatchObject({ id: 'upload', status: 'failed', hint: expect.stringContaining('Content-Type: application/octet-stream') });
    await session.host('host-1').run(`D="sha256:$(sha256sum ~/blob.tar.gz | cut -d' ' -f1)"; L=$(curl -si -X POST http://$REGISTRY/v2/hello-world/blobs/uploads/ | tr -d '\\r' | sed -n 's/^[Ll]ocation: //p'); curl -s -X PUT -H 'Content-Type: application/octet-stream' --data-binary @blob.tar.gz "$L&digest=$D"`);
    let status = '';
    const deadline = Date.now() + 5000;
    while (status !== 'passed' && Date.now() < deadline) {
      status = ((await (await api(`/api/sessions/${sessionId}/tasks`)).json()) as { tasks: { status: string }[] }).tasks[0]!.status;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe('passed');
    const snapshot = (await (await api(`/api/sessions/${sessionId}/registry`)).json()) as { repositories: { name: string }[] };
    expect(snapshot.repositories.map((r) => r.name)).toEqual(['hello-world']);
  });

  it('answers for a session whose registry died with a clear error, and keeps serving everyone else', async () => {
    const created = await fetch(`${lab.origin}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ lesson: 'push-blob' }) });
    const other = created.headers.get('set-cookie')!.split(';')[0]!;
    const { id } = (await created.json()) as { id: string };
    const doomed = lab.sessions.get(id)!;
    process.kill(doomed.registryProcess.pid!, 'SIGKILL');
    const deadline = Date.now() + 5000;
    while (doomed.state !== 'failed' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const inspect = await api(`/api/sessions/${id}/registry`, {}, other);
    expect(inspect.status).toBe(409);
    expect(((await inspect.json()) as { error: { message: string } }).error.message).toContain('failed');
    expect(((await (await api(`/api/sessions/${id}`, {}, other)).json()) as { failure: string }).failure).toContain('registry stopped');
    expect((await api(`/api/sessions/${sessionId}/registry`)).status).toBe(200);
    expect((await fetch(`${lab.origin}/healthz`)).status).toBe(200);
    expect((await api(`/api/sessions/${id}`, { method: 'DELETE' }, other)).status).toBe(204);
  });
});

describe('terminal gateway', () => {
  it('echoes, resizes and reports stty size', async () => {
    const t = await openTerminal();
    await t.opened;
    t.hello();
    await waitFor(() => t.screen().includes('learner@host-1:~$'));
    t.ws.send(JSON.stringify({ t: 'resize', cols: 120, rows: 40 }));
    await new Promise((r) => setTimeout(r, 100));
    t.ws.send(Buffer.from('stty size; echo "é✓"\r'));
    await waitFor(() => t.screen().includes('40 120'));
    expect(t.screen()).toContain('é✓');
    t.ws.close();
  });

  it('refuses a foreign Origin (403), a missing cookie (401) and a replayed ticket', async () => {
    await expect((await openTerminal('http://evil.example')).opened).rejects.toThrow('403');
    await expect((await openTerminal(lab.origin, '')).opened).rejects.toThrow('401');
    const first = await openTerminal();
    await first.opened;
    first.hello();
    await waitFor(() => first.control.some((m) => m.t === 'ready'));
    const replay = new WebSocket(`${lab.origin.replace('http', 'ws')}/api/sessions/${sessionId}/terminals/host-1`, { origin: lab.origin, headers: { cookie } });
    await new Promise((r) => replay.once('open', r));
    replay.send(JSON.stringify({ t: 'hello', ticket: first.ticket, cols: 80, rows: 24 }));
    expect(await new Promise((r) => replay.on('close', (code) => r(code)))).toBe(1008);
    first.ws.close();
  });

  it('closes garbage, bad numbers and input before hello with 1008, and keeps serving', async () => {
    const badFrames = ['not json', JSON.stringify({ t: 'resize', cols: 'x', rows: 1 }), JSON.stringify({ t: 'ack', bytes: -5 }), JSON.stringify({ t: 'ack', bytes: 'NaN' }), JSON.stringify({ t: 'ack', bytes: null }), JSON.stringify({ t: 'nope' })];
    for (const frame of badFrames) {
      const t = await openTerminal();
      await t.opened;
      t.ws.send(frame);
      expect(await t.closed).toBe(1008);
    }
    const big = await openTerminal();
    await big.opened;
    big.ws.send(Buffer.alloc(10 * 1024 * 1024));
    expect(await big.closed).toBe(1009);
    const healthy = await openTerminal();
    await healthy.opened;
    healthy.hello();
    healthy.ws.send(JSON.stringify({ t: 'resize', cols: 0, rows: 1e9 }));
    healthy.ws.send(Buffer.from('echo still-alive\r'));
    await waitFor(() => healthy.screen().includes('still-alive'));
    healthy.ws.close();
  });

  it('refuses an expired ticket', async () => {
    const t = await openTerminal();
    await t.opened;
    // Only the clock moves: the ticket was issued 31 s "ago".
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 31_000 });
    try {
      t.hello();
      expect(await t.closed).toBe(1008);
    } finally {
      vi.useRealTimers();
    }
  });

  it('closes a connection that sends no hello within 5 s', async () => {
    const t = await openTerminal();
    await t.opened;
    const started = Date.now();
    expect(await t.closed).toBe(1008);
    expect(Date.now() - started).toBeGreaterThanOrEqual(4500);
    expect(t.control).toContainEqual({ t: 'error', reason: 'hello-timeout' });
  }, 15_000);

  it('puts back together a UTF-8 character split across input frames', async () => {
    const t = await openTerminal();
    await t.opened;
    t.hello();
    await waitFor(() => t.screen().includes('learner@host-1:~$'));
    const check = Buffer.from('✓');
    for (const part of [Buffer.from('echo split-'), check.subarray(0, 2), check.subarray(2), Buffer.from('-ok\r')]) t.ws.send(part);
    await waitFor(() => /^split-✓-ok$/m.test(t.screen()));
    t.ws.close();
  });

  it('survives 1000 resizes in a second, dropping the excess, and keeps echoing', async () => {
    const t = await openTerminal();
    await t.opened;
    t.hello();
    await waitFor(() => t.screen().includes('learner@host-1:~$'));
    for (let i = 0; i < 1000; i++) t.ws.send(JSON.stringify({ t: 'resize', cols: 40 + (i % 100), rows: 10 + (i % 50) }));
    t.ws.send(Buffer.from('echo after-$((20+22))-resizes\r'));
    await waitFor(() => t.screen().includes('after-42-resizes'));
    expect(t.ws.readyState).toBe(WebSocket.OPEN);
    t.ws.close();
  });

  it('hands the terminal to a second connection and tells the first it was taken over', async () => {
    const first = await openTerminal();
    await first.opened;
    first.hello();
    await waitFor(() => first.control.some((m) => m.t === 'ready'));
    const second = await openTerminal();
    await second.opened;
    second.hello();
    await waitFor(() => first.control.some((m) => m.t === 'error' && m.reason === 'taken-over'));
    await waitFor(() => second.control.some((m) => m.t === 'ready'));
    second.ws.close();
  });

  it('stays responsive through a yes flood and Ctrl-C, with a bounded queue', async () => {
    const t = await openTerminal();
    await t.opened;
    t.hello();
    await waitFor(() => t.control.some((m) => m.t === 'ready'));
    // A stalled client: nothing is acknowledged during the flood, so only flow control bounds the queue.
    let received = 0;
    let acking = false;
    const ackReceived = () => {
      t.ws.send(JSON.stringify({ t: 'ack', bytes: received }));
      received = 0;
    };
    t.ws.on('message', (data, isBinary) => {
      if (!isBinary) return;
      received += (data as Buffer).length;
      if (acking && received >= 5000) ackReceived();
    });
    let queuedMax = 0;
    const sampler = setInterval(() => (queuedMax = Math.max(queuedMax, lab.terminals.stats().maxQueuedBytes)), 5);
    t.ws.send(Buffer.from('yes\r'));
    await new Promise((r) => setTimeout(r, 1500));
    t.ws.send(Buffer.from('\x03'));
    acking = true;
    ackReceived();
    // The arithmetic makes the marker appear only in the command's output, not in its echoed input.
    t.ws.send(Buffer.from('echo FLOOD-$((40+2))\r'));
    await waitFor(() => t.screen().includes('FLOOD-42'), 15_000);
    clearInterval(sampler);
    expect(queuedMax).toBeGreaterThan(0);
    expect(queuedMax).toBeLessThanOrEqual(2 * 1024 * 1024);
    t.ws.close();
  });
});
