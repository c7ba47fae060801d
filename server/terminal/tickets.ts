/**
 * Single-use terminal tickets (design §4.3), bounded per session: issuing and taking are O(1), a
 * session holds at most TICKETS_PER_SESSION unused tickets (the oldest is revoked when it asks for
 * one more), and expired tickets leave from the front of the insertion-ordered map, which is also
 * expiry order because every ticket lives the same TICKET_TTL_MS.
 */
import { randomBytes } from 'node:crypto';
import { TerminalLimits } from './protocol.ts';

export interface Ticket {
  sessionId: string;
  /** `<session>/<host>`: the terminal the ticket opens. */
  key: string;
  learnerId: string;
  expiresAt: number;
}

export class TicketBook {
  private readonly tickets = new Map<string, Ticket>();
  /** Each session's unused tickets, oldest first; never longer than TICKETS_PER_SESSION. */
  private readonly bySession = new Map<string, string[]>();

  issue(sessionId: string, host: string, learnerId: string): string {
    this.dropExpired();
    const held = this.bySession.get(sessionId) ?? [];
    if (held.length >= TerminalLimits.TICKETS_PER_SESSION) this.tickets.delete(held.shift()!);
    const ticket = randomBytes(32).toString('base64url');
    this.tickets.set(ticket, { sessionId, key: `${sessionId}/${host}`, learnerId, expiresAt: Date.now() + TerminalLimits.TICKET_TTL_MS });
    held.push(ticket);
    this.bySession.set(sessionId, held);
    return ticket;
  }

  /** The ticket, once: taking it revokes it. Undefined when unknown, used, revoked or expired. */
  take(ticket: string): Ticket | undefined {
    const entry = this.tickets.get(ticket);
    if (!entry) return undefined;
    this.forget(ticket, entry.sessionId);
    return entry.expiresAt > Date.now() ? entry : undefined;
  }

  dropSession(sessionId: string): void {
    for (const ticket of this.bySession.get(sessionId) ?? []) this.tickets.delete(ticket);
    this.bySession.delete(sessionId);
  }

  get size(): number {
    return this.tickets.size;
  }

  private forget(ticket: string, sessionId: string): void {
    this.tickets.delete(ticket);
    const held = this.bySession.get(sessionId);
    if (!held) return;
    const index = held.indexOf(ticket);
    if (index >= 0) held.splice(index, 1);
    if (!held.length) this.bySession.delete(sessionId);
  }

  private dropExpired(): void {
    const now = Date.now();
    for (const [ticket, entry] of this.tickets) {
      if (entry.expiresAt > now) break;
      this.forget(ticket, entry.sessionId);
    }
  }
}
