/**
 * Why work takes turns: Node runs the handler of every request that arrived together, and every timer
 * that expired together, within one turn of the event loop. When one learner, or a crowd of anonymous
 * clients, sends hundreds of requests at once (or a room's checks fall due together), that turn lasts
 * hundreds of milliseconds, and every other learner's keystroke waits behind it: a keystroke crosses
 * the loop twice (browser to shell, echo back to the browser), and it is the same loop. Measured with
 * `npm run bench -- --only abuse` (every attack at once): another learner's echo p99 was 110–230 ms
 * before requests took turns; 18–38 ms with 1 ms slices, 27–49 ms with 2 ms ones.
 *
 * So work runs a slice at a time: at most SLICE_MS of it per turn, then the loop goes round and serves
 * terminal bytes before the next slice. Clients take turns (round robin), so one client's backlog never
 * queues another client's work behind it. Only the synchronous start of a piece of work is sliced
 * (one piece may overrun the slice; the check is between pieces); what it does after its first await
 * runs outside the turns, in the pieces its I/O comes back in.
 */

/** Work per turn of the event loop; the terminals get the loop between slices. */
export const SLICE_MS = 1;

export interface Turns {
  /** Runs `work` when `client`'s turn comes round. */
  take(client: string, work: () => void): void;
  /** Pieces of work given and not yet started. */
  waiting(): number;
}

/** One per server: HTTP requests and background checks share its slices. */
export function createTurns(): Turns {
  /** One queue per client, in round order; a drained queue leaves the round. */
  const queues = new Map<string, (() => void)[]>();
  let waiting = 0;
  let scheduled = false;

  const drain = () => {
    scheduled = false;
    const sliceEnds = performance.now() + SLICE_MS;
    try {
      do {
        // The client first in the round is served once and goes to the back, so the round carries on
        // across turns where the last slice stopped.
        const [client, queue] = queues.entries().next().value!;
        queues.delete(client);
        const work = queue.shift()!;
        if (queue.length) queues.set(client, queue);
        waiting--;
        work();
      } while (waiting > 0 && performance.now() < sliceEnds);
    } finally {
      // Work that throws is its own caller's to report; the others still get their turns.
      if (waiting > 0) schedule();
    }
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    // setImmediate, not a microtask or process.nextTick: the loop polls sockets and ptys before it runs.
    setImmediate(drain);
  };

  return {
    take(client, work) {
      const queue = queues.get(client) ?? [];
      queues.set(client, queue);
      queue.push(work);
      waiting++;
      schedule();
    },
    waiting: () => waiting,
  };
}
