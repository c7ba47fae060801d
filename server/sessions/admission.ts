/**
 * A fair line for seats: when the lab is full, learners wait in the order they arrived, and a freed
 * seat goes to the head of the line, not to whoever happens to ask first. A learner holds a place by
 * asking again (the lesson page polls); one who stops asking (closed the tab) drops out.
 */

export interface QueuePlace {
  /** 1 for the head of the line. */
  position: number;
  length: number;
}

interface Waiting {
  learnerId: string;
  lastSeen: number;
}

export class AdmissionQueue {
  private readonly line: Waiting[] = [];

  constructor(private readonly staleAfterMs: number) {}

  get length(): number {
    this.dropStale();
    return this.line.length;
  }

  /**
   * Admits the learner when one of the free seats is theirs by order of arrival; otherwise keeps (or
   * adds) them in line and says where they stand.
   */
  request(learnerId: string, freeSeats: number): { admitted: true } | ({ admitted: false } & QueuePlace) {
    this.dropStale();
    let index = this.line.findIndex((entry) => entry.learnerId === learnerId);
    if (index === -1) index = this.line.push({ learnerId, lastSeen: 0 }) - 1;
    if (index < freeSeats) {
      this.line.splice(index, 1);
      return { admitted: true };
    }
    this.line[index]!.lastSeen = Date.now();
    return { admitted: false, position: index + 1, length: this.line.length };
  }

  private dropStale(): void {
    const cutoff = Date.now() - this.staleAfterMs;
    for (let index = this.line.length - 1; index >= 0; index--) {
      if (this.line[index]!.lastSeen < cutoff) this.line.splice(index, 1);
    }
  }
}
