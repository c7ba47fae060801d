/** Comparing secrets (the admin token, the workshop code) without leaking their length or prefix through timing. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * True when both strings are equal. Both are hashed first, so the comparison always takes the same
 * time, whatever the lengths (timingSafeEqual alone throws on, and so reveals, a length mismatch).
 */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** An instructor: `Authorization: Bearer <LAB_ADMIN_TOKEN>`; never when no token is configured. */
export function isAdmin(req: { headers: IncomingHttpHeaders }, token: string | undefined): boolean {
  const header = req.headers.authorization;
  if (!token || !header?.startsWith('Bearer ')) return false;
  return sameSecret(header.slice('Bearer '.length), token);
}
