/**
 * A fair line for seats: when the lab is full, learners wait in the order they arrived, and a freed
 * seat goes to the head of the line, not to whoever happens to ask first. A learner holds a place by
 * asking again (the lesson page polls); one who stops asking (closed the tab) drops out.
 *
 * Seats are also budgeted per client address: a POST without a cookie makes a new anonymous
 * learner, so the per-learner cap alone would let one client take every seat and fill the line.
 * Open sessions and places in line from one address count together, and the line itself is bounded.
 */

export interface QueuePlace {
  /** 1 for the head of the line. */
  position: number;
  length: number;
}

export interface SeatLimits {
  /** Open sessions plus places in line one client address may hold. */
  perAddress: number;
  /** The longest the line may grow. */
  maxLine: number;
}

/** The request would take more than its share: too many seats from one address, or a full line. */
export class SeatLimitError extends Error {
  override name = 'SeatLimitError';
  readonly retryAfterSeconds = 60;
}

interface Waiting {
  learnerId: string;
  address: string | undefined;
  lastSeen: number;
}

export class AdmissionQueue {
  private readonly line: Waiting[] = [];
  /** The client address each open session was started from. */
  private readonly seatAddress = new Map<string, string>();

  constructor(
    private readonly staleAfterMs: number,
    private readonly limits: SeatLimits,
  ) {}

  get length(): number {
    this.dropStale();
    return this.line.length;
  }

  /**
   * Admits the learner when one of the free seats is theirs by order of arrival; otherwise keeps (or
   * adds) them in line and says where they stand. Throws SeatLimitError when a newcomer's address
   * already holds its share, or the line is full.
   */
  request(learnerId: string, freeSeats: number, address?: string): { admitted: true } | ({ admitted: false } & QueuePlace) {
    this.dropStale();
    let index = this.line.findIndex((entry) => entry.learnerId === learnerId);
    if (index === -1) {
      this.checkShare(address);
      if (freeSeats <= this.line.length && this.line.length >= this.limits.maxLine) {
        throw new SeatLimitError('Every seat is taken and the line for one is full. Try again in a minute.');
      }
      index = this.line.push({ learnerId, address, lastSeen: 0 }) - 1;
    }
    if (index < freeSeats) {
      this.line.splice(index, 1);
      return { admitted: true };
    }
    this.line[index]!.lastSeen = Date.now();
    return { admitted: false, position: index + 1, length: this.line.length };
  }

  /** A session now holds a seat on behalf of this address. */
  seated(sessionId: string, address: string | undefined): void {
    if (address !== undefined) this.seatAddress.set(sessionId, address);
  }

  released(sessionId: string): void {
    this.seatAddress.delete(sessionId);
  }

  private checkShare(address: string | undefined): void {
    if (address === undefined) return;
    let held = this.line.filter((entry) => entry.address === address).length;
    for (const seatedFrom of this.seatAddress.values()) if (seatedFrom === address) held++;
    if (held >= this.limits.perAddress) {
      throw new SeatLimitError(`Your network already has ${held} sessions open or waiting, the most one address may have (LAB_SESSIONS_PER_ADDRESS). End one first.`);
    }
  }

  private dropStale(): void {
    const cutoff = Date.now() - this.staleAfterMs;
    for (let index = this.line.length - 1; index >= 0; index--) {
      if (this.line[index]!.lastSeen < cutoff) this.line.splice(index, 1);
    }
  }
}
