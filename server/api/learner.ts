/**
 * The learner cookie: an anonymous random id, HttpOnly and SameSite=Lax; `Secure` with the
 * `__Host-` prefix when the lab is reached over TLS.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { parse as parseCookie } from 'cookie';
import type { Request, Response } from 'express';

const PLAIN_NAME = 'lab_learner';
const SECURE_NAME = '__Host-lab_learner';
const LEARNER_ID = /^[a-f0-9]{32}$/;
const ONE_YEAR_S = 365 * 24 * 3600;

/** The learner id from the cookie header, if it is well-formed. */
export function learnerFromHeaders(req: IncomingMessage): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  const cookies = parseCookie(header);
  const id = cookies[SECURE_NAME] ?? cookies[PLAIN_NAME];
  return id && LEARNER_ID.test(id) ? id : undefined;
}

export function newLearnerId(): string {
  return randomBytes(16).toString('hex');
}

export function setLearnerCookie(req: Request, res: Response, learnerId: string): void {
  const secure = req.secure;
  res.cookie(secure ? SECURE_NAME : PLAIN_NAME, learnerId, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    maxAge: ONE_YEAR_S * 1000,
  });
}

/** The learner's id, creating (and setting) one when the request has none. */
export function ensureLearner(req: Request, res: Response): string {
  const existing = learnerFromHeaders(req);
  if (existing) return existing;
  const created = newLearnerId();
  setLearnerCookie(req, res, created);
  return created;
}
