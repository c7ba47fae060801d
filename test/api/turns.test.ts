/**
 * Work takes turns (server/turns, and requests through server/api/turns.ts): a burst is run a slice per
 * turn of the event loop, so I/O waiting behind it (a terminal's bytes) is served between slices; and
 * clients take turns, so one client's backlog does not hold up another client's request.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { takingTurns } from '../../server/api/index.ts';
import { createTurns, SLICE_MS } from '../../server/turns/index.ts';

const takeTurns = (handle: (req: IncomingMessage) => unknown) => {
  const turns = createTurns();
  return { handler: takingTurns(turns, (req) => void handle(req)), waiting: turns.waiting };
};

function request(client: string): IncomingMessage {
  return { headers: {}, socket: { remoteAddress: client, destroyed: false } } as unknown as IncomingMessage;
}
const response = {} as ServerResponse;

function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('requests take turns', () => {
  it('yields the event loop between slices of a burst', async () => {
    const handled: string[] = [];
    const turns = takeTurns((req) => {
      busy(SLICE_MS / 2);
      handled.push(String(req.socket.remoteAddress));
    });
    for (let index = 0; index < 200; index++) turns.handler(request(`10.0.0.${index % 50}`), response);
    // An I/O-like callback that became ready while the burst waited: it runs after one slice, not after all 200.
    const beforeIo = await new Promise<number>((resolve) => setTimeout(() => resolve(handled.length), 0));
    expect(beforeIo).toBeLessThan(10);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(handled).toHaveLength(200);
    expect(turns.waiting()).toBe(0);
  });

  it('serves clients in turn, so a late client does not wait behind an early one', async () => {
    const handled: string[] = [];
    const turns = takeTurns((req) => handled.push(String(req.socket.remoteAddress)));
    for (let index = 0; index < 50; index++) turns.handler(request('greedy'), response);
    turns.handler(request('polite'), response);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(handled.indexOf('polite')).toBe(1);
  });

  it('carries the round on across slices instead of starting again with the first client', async () => {
    const handled: string[] = [];
    const turns = takeTurns((req) => {
      busy(SLICE_MS * 2);
      handled.push(String(req.socket.remoteAddress));
    });
    for (const client of ['a', 'b', 'c']) for (let index = 0; index < 3; index++) turns.handler(request(client), response);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(handled).toEqual(['a', 'b', 'c', 'a', 'b', 'c', 'a', 'b', 'c']);
  });

  it('skips a request whose client hung up while it waited', async () => {
    let handled = 0;
    const turns = takeTurns(() => handled++);
    const gone = request('gone');
    (gone.socket as { destroyed: boolean }).destroyed = true;
    turns.handler(gone, response);
    turns.handler(request('here'), response);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(handled).toBe(1);
  });
});
