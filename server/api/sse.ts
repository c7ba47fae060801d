/** Server-sent events for one session: state, traffic, task updates, resets and expiry warnings. */
import type { Request, Response } from 'express';
import type { LabSession } from '../sessions/index.ts';

const FORWARDED_EVENTS = ['state', 'traffic', 'tasks', 'reset', 'expiring', 'registry'] as const;
const KEEPALIVE_MS = 15_000;

/** Emits 'watching' / 'unwatched' on the session so checkers know a browser is connected. */
export function streamSessionEvents(req: Request, res: Response, session: LabSession): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  send('state', session.toJSON());
  const listeners = FORWARDED_EVENTS.map((event) => {
    const listener = (data: unknown) => send(event, event === 'state' ? session.toJSON() : (data ?? {}));
    session.events.on(event, listener);
    return [event, listener] as const;
  });
  const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
  session.events.emit('watching');
  req.on('close', () => {
    clearInterval(keepalive);
    for (const [event, listener] of listeners) session.events.off(event, listener);
    session.events.emit('unwatched');
  });
}
