/**
 * Why requests take turns: Node runs the handler of every request that arrived together within one
 * turn of the event loop. When one learner, or a crowd of anonymous clients, sends hundreds of requests
 * at once, that turn lasts hundreds of milliseconds, and every other learner's keystroke waits behind
 * it: a keystroke crosses the loop twice (browser to shell, echo back to the browser), and it is the
 * same loop. Measured with `npm run bench -- --only abuse` (every attack at once): another learner's
 * echo p99 was 110–230 ms before; it is 18–38 ms with 1 ms slices, 27–49 ms with 2 ms ones.
 *
 * So handlers run a slice at a time: at most SLICE_MS of them per turn, then the loop goes round and
 * serves terminal bytes before the next slice. Clients take turns (round robin by learner cookie, or
 * by address without one), so a client's backlog never queues another client's request behind it.
 * A made-up cookie buys a client another place in the round, not more time per turn: the slice bounds
 * what any mix of clients can take from the terminals.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { learnerFromHeaders } from './learner.ts';

/** Handler time per turn of the event loop; the terminals get the loop between slices. */
export const SLICE_MS = 1;

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface RequestTurns {
  handler: Handler;
  /** Requests received and not yet handed to their handler. */
  waiting(): number;
}

export function takeTurns(handle: Handler): RequestTurns {
  /** One queue per client, in the order clients first had one; a drained queue leaves the round. */
  const queues = new Map<string, (() => void)[]>();
  let waiting = 0;
  let scheduled = false;

  const drain = () => {
    scheduled = false;
    const sliceEnds = performance.now() + SLICE_MS;
    do {
      // The client first in the round is served once and goes to the back, so the round carries on
      // across turns where the last slice stopped.
      const [client, queue] = queues.entries().next().value!;
      queues.delete(client);
      const next = queue.shift()!;
      if (queue.length) queues.set(client, queue);
      waiting--;
      next();
    } while (waiting > 0 && performance.now() < sliceEnds);
    if (waiting > 0) schedule();
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    // setImmediate, not a microtask or process.nextTick: the loop polls sockets and ptys before it runs.
    setImmediate(drain);
  };

  return {
    handler(req, res) {
      const client = learnerFromHeaders(req) ?? req.socket.remoteAddress ?? 'unknown';
      const queue = queues.get(client) ?? [];
      queues.set(client, queue);
      // A client that hung up while waiting is not worth a handler's time.
      queue.push(() => req.socket.destroyed || handle(req, res));
      waiting++;
      schedule();
    },
    waiting: () => waiting,
  };
}
