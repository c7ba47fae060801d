/**
 * An instructor's requests for a session another node holds (View, +30 min, End, its tasks,
 * inspector, traffic, terminal screen) are forwarded to that node, which answers them as its own.
 * Only requests that carry the admin token are forwarded (the same token on every node is what
 * authenticates them there); a learner is routed to their node by the proxy and never forwarded.
 * A forwarded request says so in a header, and is never forwarded again.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { Logger } from '../log/index.ts';
import type { ProgressStore } from '../progress/index.ts';

const FORWARDED_BY = 'x-lab-forwarded-by';
const SESSION_PATH = /^\/api\/sessions\/([A-Za-z0-9_-]{1,64})(?:[/?]|$)/;
/** The answer must start this soon; an event stream then stays open as long as the instructor's. */
const CONNECT_TIMEOUT_MS = 10_000;

export interface ForwarderOptions {
  store: ProgressStore;
  nodeId: string;
  /** True when this node holds the session. */
  holdsSession(sessionId: string): boolean;
  isAdmin(req: IncomingMessage): boolean;
  logger: Logger;
}

/** Resolves true when the request was forwarded (and answered); false when this node should answer it. */
export function sessionForwarder(options: ForwarderOptions) {
  return async function forward(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const sessionId = SESSION_PATH.exec(req.url ?? '')?.[1];
    if (!sessionId || req.headers[FORWARDED_BY] !== undefined || options.holdsSession(sessionId) || !options.isAdmin(req)) return false;
    const holder = await options.store.sessionNode(sessionId);
    if (!holder || holder.nodeId === options.nodeId) return false;
    const target = new URL(req.url!, holder.url);
    await new Promise<void>((resolve) => {
      const upstream = (target.protocol === 'https:' ? https : http).request(target, { method: req.method, headers: { ...req.headers, host: target.host, [FORWARDED_BY]: options.nodeId }, timeout: CONNECT_TIMEOUT_MS }, (answer) => {
        upstream.setTimeout(0);
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on('end', resolve);
        answer.on('error', resolve);
      });
      const fail = (reason: string) => {
        options.logger.warn({ event: 'forward-failed', session: sessionId, node: holder.nodeId, reason }, 'could not reach the node holding the session');
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'node_unreachable', message: `The lab node holding this session (${holder.nodeId}) does not answer.` } }));
        else res.destroy();
        resolve();
      };
      upstream.on('timeout', () => upstream.destroy(new Error('timed out')));
      upstream.on('error', (error) => fail(error.message));
      res.on('close', () => upstream.destroy());
      req.pipe(upstream);
    });
    return true;
  };
}
