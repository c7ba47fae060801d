/**
 * What a terminal has printed, kept for reconnects: a ring of recent sequence-numbered frames (exact,
 * cheap replay) and a headless xterm mirror in the mirror worker that can serialize the screen when
 * the ring no longer reaches back far enough. A snapshot is cached with the sequence number it shows,
 * so a burst of reconnects reuses it (plus the ring's frames since) instead of serializing again.
 */
import type { MirrorChannel, MirrorHost, MirrorSource } from './mirror-host.ts';
import { TerminalLimits } from './protocol.ts';

interface Frame {
  seq: number;
  data: Buffer;
}

export interface Snapshot {
  /** The last frame the snapshot includes. */
  seq: number;
  data: Buffer;
}

export class TerminalMirror implements MirrorSource {
  private readonly frames: Frame[] = [];
  private ringBytes = 0;
  private readonly channel: MirrorChannel;
  private cached: Snapshot | undefined;
  private pending: Promise<Snapshot | undefined> | undefined;
  private cols: number;
  private rows: number;
  seq = 0;

  constructor(
    host: MirrorHost,
    readonly label: string,
    cols: number,
    rows: number,
  ) {
    this.cols = cols;
    this.rows = rows;
    this.channel = host.open(this, cols, rows);
  }

  /** Records an output frame and returns its sequence number. */
  push(data: Buffer): number {
    this.seq += 1;
    this.frames.push({ seq: this.seq, data });
    this.ringBytes += data.length;
    while (this.ringBytes > TerminalLimits.RING_BYTES && this.frames.length > 1) this.ringBytes -= this.frames.shift()!.data.length;
    this.channel.write(data);
    return this.seq;
  }

  get size(): { cols: number; rows: number } {
    return { cols: this.cols, rows: this.rows };
  }

  resize(cols: number, rows: number): void {
    this.cols = cols;
    this.rows = rows;
    this.cached = undefined;
    this.channel.resize(cols, rows);
  }

  /** Every frame after lastSeq, or undefined when the ring no longer holds them all. */
  framesSince(lastSeq: number): Buffer[] | undefined {
    if (lastSeq > this.seq) return undefined;
    if (lastSeq === this.seq) return [];
    const first = this.frames[0];
    if (!first || first.seq > lastSeq + 1) return undefined;
    return this.frames.filter((frame) => frame.seq > lastSeq).map((frame) => frame.data);
  }

  replay(): Buffer[] {
    return this.frames.map((frame) => frame.data);
  }

  /**
   * A snapshot that, followed by framesSince(snapshot.seq), redraws the screen; undefined when the
   * mirror cannot give one (it gave up, it is too large, or the worker did not answer in time).
   * `current` asks for one that shows every frame so far: only serialized bytes, no raw output after it.
   */
  snapshot(options: { current?: boolean } = {}): Promise<Snapshot | undefined> {
    const reusable = this.cached && (options.current ? this.cached.seq === this.seq : this.framesSince(this.cached.seq));
    if (reusable) return Promise.resolve(this.cached);
    this.pending ??= this.freshSnapshot().finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async freshSnapshot(): Promise<Snapshot | undefined> {
    // Every frame up to this seq was posted to the worker before the request, which it answers in order.
    const seq = this.seq;
    const data = await this.channel.snapshot();
    if (!data) return undefined;
    this.cached = { seq, data };
    return this.framesSince(seq) ? this.cached : undefined;
  }

  dispose(): void {
    this.channel.dispose();
  }
}
