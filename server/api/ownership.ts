/**
 * Who may use a session: the learner who owns it (cookie) or an instructor (admin token). Anyone
 * else gets 404, not 403, so session ids cannot be probed. Routers resolve `:id` (and `:host`) once,
 * with router.param, and their handlers read the result with ownedSession / sessionHost.
 */
import type { Request, Router } from 'express';
import type { LabSession, SessionManager } from '../sessions/index.ts';
import { notFound } from './errors.ts';
import { learnerFromHeaders } from './learner.ts';
import { isAdmin } from './secrets.ts';

const HOST_NAME = /^host-[1-9]$/;
const owned = new WeakMap<Request, LabSession>();

/** Resolves `:id` to a session the caller may use, and `:host` (when the router has it) to one of its hosts. */
export function resolveOwnership(router: Router, sessions: SessionManager, adminToken: string | undefined): void {
  router.param('id', (req, _res, next, id: string) => {
    const session = sessions.get(id);
    if (!session) throw notFound();
    if (!isAdmin(req, adminToken) && learnerFromHeaders(req) !== session.learnerId) throw notFound();
    owned.set(req, session);
    next();
  });
  router.param('host', (req, _res, next, host: string) => {
    const session = ownedSession(req);
    if (!HOST_NAME.test(host) || !session.hostNames.includes(host)) throw notFound('No such host in this session');
    next();
  });
}

/** The session `:id` names; only for routes of a router set up with resolveOwnership. */
export function ownedSession(req: Request): LabSession {
  const session = owned.get(req);
  if (!session) throw new Error(`${req.method} ${req.route?.path ?? req.path} has no :id resolved by resolveOwnership`);
  return session;
}

/** The host `:host` names, already checked against the session's hosts. */
export function sessionHost(req: Request): string {
  return String(req.params.host);
}
