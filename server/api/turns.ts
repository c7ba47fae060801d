/**
 * HTTP requests take turns (server/turns) with each other and with background checks: a client is its
 * learner cookie, or its address without one. A made-up cookie buys a client another place in the
 * round, not more time per turn: the slice bounds what any mix of clients can take from the terminals.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Turns } from '../turns/index.ts';
import { learnerFromHeaders } from './learner.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** `handle`, called when the request's client has its turn. */
export function takingTurns(turns: Turns, handle: Handler): Handler {
  return (req, res) => {
    const client = learnerFromHeaders(req) ?? req.socket.remoteAddress ?? 'unknown';
    // A client that hung up while waiting is not worth a handler's time.
    turns.take(client, () => req.socket.destroyed || handle(req, res));
  };
}
