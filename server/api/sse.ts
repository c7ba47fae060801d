/**
 * Server-sent events for one session: state, traffic, task updates, resets and expiry warnings.
 * Bounded per learner: a session has at most STREAMS_PER_SESSION streams (a new one ends the oldest,
 * as a reloaded tab would), and a stream that does not read is dropped once BUFFERED_BYTES_LIMIT of
 * events wait for it, never buffered without end (the browser's EventSource reconnects by itself).
 */
import type { Request, Response } from 'express';
import type { TrafficEntry } from '../recorder/index.ts';
import type { BudgetName } from '../metrics/index.ts';
import type { LabSession, SessionEvents } from '../sessions/index.ts';
import type { SessionStreamEvents } from '../wire/index.ts';

type StreamEvents = SessionStreamEvents<TrafficEntry>;
type Send = <E extends keyof StreamEvents>(event: E, data: StreamEvents[E]) => void;

/** Forwards one session event to the stream as the data the wire contract gives it; returns how to stop. */
function forward<E extends keyof StreamEvents & keyof SessionEvents>(session: LabSession, event: E, toData: (...args: SessionEvents[E]) => StreamEvents[E], send: Send): () => void {
  const listener = (...args: SessionEvents[E]) => send(event, toData(...args));
  // Node's typings cannot resolve a listener's type for a generic E; for every concrete E it is this one.
  const events = session.events as unknown as { on(event: E, listener: (...args: SessionEvents[E]) => void): void; off(event: E, listener: (...args: SessionEvents[E]) => void): void };
  events.on(event, listener);
  return () => events.off(event, listener);
}

const KEEPALIVE_MS = 15_000;
export const STREAMS_PER_SESSION = 4;
const BUFFERED_BYTES_LIMIT = 256 * 1024;

/** Open streams per session, oldest first. */
const openStreams = new WeakMap<LabSession, Response[]>();

function register(session: LabSession, res: Response, budgetReached: (budget: BudgetName) => void): void {
  const streams = openStreams.get(session) ?? [];
  openStreams.set(session, streams);
  streams.push(res);
  while (streams.length > STREAMS_PER_SESSION) {
    streams.shift()!.end();
    budgetReached('event-stream-replaced');
  }
}

function unregister(session: LabSession, res: Response): void {
  const streams = openStreams.get(session);
  const index = streams?.indexOf(res) ?? -1;
  if (index !== -1) streams!.splice(index, 1);
}

/** Emits 'watching' / 'unwatched' on the session so checkers know a browser is connected. */
export function streamSessionEvents(req: Request, res: Response, session: LabSession, budgetReached: (budget: BudgetName) => void): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  const write = (text: string) => {
    if (res.destroyed) return;
    if (res.writableLength > BUFFERED_BYTES_LIMIT) {
      req.log?.warn({ event: 'sse-dropped', session: session.id, bufferedBytes: res.writableLength }, 'event stream dropped: the client does not read');
      budgetReached('event-stream-dropped');
      res.destroy();
      return;
    }
    res.write(text);
  };
  const send: Send = (event, data) => write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  send('state', session.toJSON());
  const stopForwarding = [
    forward(session, 'state', () => session.toJSON(), send),
    forward(session, 'traffic', (entry) => entry, send),
    forward(session, 'tasks', (update) => update, send),
    forward(session, 'reset', () => ({}), send),
    forward(session, 'expiring', (warning) => warning, send),
  ];
  const keepalive = setInterval(() => write(': keepalive\n\n'), KEEPALIVE_MS);
  register(session, res, budgetReached);
  session.events.emit('watching');
  res.on('close', () => {
    clearInterval(keepalive);
    unregister(session, res);
    for (const stop of stopForwarding) stop();
    session.events.emit('unwatched');
  });
}
