/**
 * What a terminal has printed, kept for reconnects: a ring of recent sequence-numbered frames
 * (exact, cheap replay) and a headless xterm mirror that can serialize the screen when the ring
 * no longer reaches back far enough.
 */
import headless from '@xterm/headless';
import serialize from '@xterm/addon-serialize';
import unicode from '@xterm/addon-unicode11';
import { Limits } from './protocol.ts';

interface Frame {
  seq: number;
  data: Buffer;
}

export class TerminalMirror {
  private readonly frames: Frame[] = [];
  private ringBytes = 0;
  private readonly terminal: headless.Terminal;
  private readonly serializer = new serialize.SerializeAddon();
  seq = 0;

  constructor(cols: number, rows: number) {
    this.terminal = new headless.Terminal({ cols, rows, scrollback: Limits.SCROLLBACK, allowProposedApi: true });
    this.terminal.loadAddon(this.serializer as unknown as headless.ITerminalAddon);
    this.terminal.loadAddon(new unicode.Unicode11Addon() as unknown as headless.ITerminalAddon);
    this.terminal.unicode.activeVersion = '11';
  }

  /** Records an output frame and returns its sequence number. */
  push(data: Buffer): number {
    this.seq += 1;
    this.frames.push({ seq: this.seq, data });
    this.ringBytes += data.length;
    while (this.ringBytes > Limits.RING_BYTES && this.frames.length > 1) this.ringBytes -= this.frames.shift()!.data.length;
    this.terminal.write(data);
    return this.seq;
  }

  get size(): { cols: number; rows: number } {
    return { cols: this.terminal.cols, rows: this.terminal.rows };
  }

  resize(cols: number, rows: number): void {
    this.terminal.resize(cols, rows);
  }

  /** Every frame after lastSeq, or undefined when the ring no longer holds them all. */
  framesSince(lastSeq: number): Buffer[] | undefined {
    if (lastSeq > this.seq) return undefined;
    if (lastSeq === this.seq) return [];
    const first = this.frames[0];
    if (!first || first.seq > lastSeq + 1) return undefined;
    return this.frames.filter((frame) => frame.seq > lastSeq).map((frame) => frame.data);
  }

  /** The screen and scrollback as escape sequences that redraw it (written after the parser caught up). */
  snapshot(): Promise<Buffer> {
    return new Promise((resolve) => this.terminal.write('', () => resolve(Buffer.from(this.serializer.serialize({ scrollback: Limits.SCROLLBACK })))));
  }

  dispose(): void {
    this.terminal.dispose();
  }
}
