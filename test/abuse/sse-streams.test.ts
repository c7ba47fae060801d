/**
 * Finding 2: event streams. A session keeps at most STREAMS_PER_SESSION streams (a new one ends the
 * oldest), and a stream whose client does not read is dropped once its buffer passes the budget,
 * while the learner's own traffic (long paths, thousands of requests) keeps coming.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STREAMS_PER_SESSION } from '../../server/api/index.ts';
import { startTestLab } from '../helpers/server.ts';
import { BUDGET_MS, budgetRefusals, createSession, startVictim, waitFor, type Victim } from './victim.ts';

let lab: Awaited<ReturnType<typeof startTestLab>>;
let victim: Victim;
let attacker: { id: string; cookie: string };
const sockets: net.Socket[] = [];

beforeAll(async () => {
  lab = await startTestLab({ LAB_METRICS_ALLOW: '127.0.0.1' });
  victim = await startVictim(lab);
  attacker = await createSession(lab);
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  victim?.close();
  await lab?.stop();
});

/** Heap in use after a full collection when the config exposes gc (vitest.abuse.config.ts does). */
function heapAfterCollection(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

/** An event stream whose client never reads a byte. */
async function unreadStream(): Promise<net.Socket> {
  const url = new URL(lab.origin);
  const socket = net.connect(Number(url.port), url.hostname);
  sockets.push(socket);
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(`GET /api/sessions/${attacker.id}/events HTTP/1.1\r\nHost: ${url.host}\r\nCookie: ${attacker.cookie}\r\n\r\n`);
  socket.pause();
  return socket;
}

describe('event streams', () => {
  it('keeps a few streams per session and drops one that does not read, without slowing anyone else', async () => {
    const events = lab.sessions.get(attacker.id)!.events;
    const baseline = events.listenerCount('traffic');
    for (let index = 0; index < 40; index++) await unreadStream();
    let replaced = 0;
    while (replaced < 40 - STREAMS_PER_SESSION) replaced = await budgetRefusals(lab, 'event-stream-replaced');
    await waitFor(() => events.listenerCount('traffic') - baseline <= STREAMS_PER_SESSION, 5000, 'old streams to be ended');
    expect(events.listenerCount('traffic') - baseline).toBe(STREAMS_PER_SESSION);
    expect(replaced).toBe(40 - STREAMS_PER_SESSION);

    // Thousands of exchanges with long queries: every event goes to every stream nobody reads.
    const longQuery = 'q'.repeat(12_000);
    const host = lab.sessions.get(attacker.id)!.host('host-1');
    const heapBefore = heapAfterCollection();
    const { result, maxEchoMs, maxHealthMs } = await victim.watch(
      host.run(`curl -s -o /dev/null "localhost:5000/v2/nothing-here/tags/list?${longQuery}&page=[1-4000]"; echo done`, { timeoutMs: 90_000 }),
    );
    expect(result.stdout).toContain('done');
    await waitFor(() => events.listenerCount('traffic') === baseline, 10_000, 'the unread streams to be dropped');
    expect(await budgetRefusals(lab, 'event-stream-dropped')).toBe(STREAMS_PER_SESSION);
    expect(heapAfterCollection() - heapBefore).toBeLessThan(64 << 20);

    expect(maxEchoMs).toBeLessThan(BUDGET_MS);
    expect(maxHealthMs).toBeLessThan(BUDGET_MS);
    expect((await victim.session()).state).toBe('ready');
    // The recorder kept the attacker's exchanges, each cut to a bounded size; many readers of the
    // traffic share one serialization, and the next exchange shows up in it.
    const entries = lab.sessions.get(attacker.id)!.traffic();
    expect(entries.length).toBe(500);
    expect(Math.max(...entries.map((entry) => JSON.stringify(entry).length))).toBeLessThan(12 * 1024);
    const readTraffic = async () => (await (await fetch(`${lab.origin}/api/sessions/${attacker.id}/traffic`, { headers: { cookie: attacker.cookie } })).json()) as { entries: { id: number; path: string }[] };
    const reads = await Promise.all(Array.from({ length: 30 }, readTraffic));
    expect(new Set(reads.map((read) => read.entries.at(-1)!.id)).size).toBe(1);
    await host.run('curl -s -o /dev/null localhost:5000/v2/after-the-flood/tags/list');
    expect((await readTraffic()).entries.at(-1)!.path).toBe('/v2/after-the-flood/tags/list');
  });
});
