/**
 * The workshop code's guard against guessing. No answer is ever delayed with a timer (a timer per
 * wrong code outlived its client and leaked memory); instead a client that got the code wrong is
 * locked out for a time that doubles with each failure, and every client is locked out while the
 * whole lab has seen too many wrong codes in the last minute, so guessing from many addresses at
 * once is slowed as much as guessing from one. Memory is bounded: at most TRACKED_CLIENTS clients
 * and GLOBAL_FAILURES_PER_MINUTE timestamps are kept.
 */

export const JoinLimits = {
  /** The first failure locks the client out this long; each further one doubles it. */
  FIRST_LOCKOUT_MS: 1000,
  MAX_LOCKOUT_MS: 5 * 60_000,
  /** A client's failures are forgotten this long after its last one. */
  FORGET_AFTER_MS: 15 * 60_000,
  /** Wrong codes from all clients together per minute before everyone waits. */
  GLOBAL_FAILURES_PER_MINUTE: 60,
  TRACKED_CLIENTS: 10_000,
} as const;

const MINUTE_MS = 60_000;

interface ClientRecord {
  failures: number;
  lockedUntil: number;
  lastFailure: number;
}

export class JoinGuard {
  private readonly clients = new Map<string, ClientRecord>();
  /** Times of the most recent wrong codes, oldest first, at most GLOBAL_FAILURES_PER_MINUTE. */
  private readonly recentFailures: number[] = [];

  /** Milliseconds the client must wait before its code is even compared; 0 when it may try now. */
  waitMs(client: string, now = Date.now()): number {
    const record = this.current(client, now);
    const own = record ? Math.max(0, record.lockedUntil - now) : 0;
    const full = this.recentFailures.length >= JoinLimits.GLOBAL_FAILURES_PER_MINUTE;
    const global = full ? Math.max(0, this.recentFailures[0]! + MINUTE_MS - now) : 0;
    return Math.max(own, global);
  }

  failed(client: string, now = Date.now()): void {
    const failures = (this.current(client, now)?.failures ?? 0) + 1;
    const lockout = Math.min(JoinLimits.MAX_LOCKOUT_MS, JoinLimits.FIRST_LOCKOUT_MS * 2 ** (failures - 1));
    // Re-inserted so the Map's order is least recently failed first: the eviction order.
    this.clients.delete(client);
    this.clients.set(client, { failures, lockedUntil: now + lockout, lastFailure: now });
    while (this.clients.size > JoinLimits.TRACKED_CLIENTS) this.clients.delete(this.clients.keys().next().value!);
    this.recentFailures.push(now);
    while (this.recentFailures.length > JoinLimits.GLOBAL_FAILURES_PER_MINUTE) this.recentFailures.shift();
  }

  succeeded(client: string): void {
    this.clients.delete(client);
  }

  private current(client: string, now: number): ClientRecord | undefined {
    const record = this.clients.get(client);
    if (record && now - record.lastFailure > JoinLimits.FORGET_AFTER_MS) {
      this.clients.delete(client);
      return undefined;
    }
    return record;
  }
}
