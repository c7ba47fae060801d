/**
 * One live terminal (a session's host): the pty, its mirror for reconnects, ack-based flow control
 * and 5 ms leading-edge output batching. At most one connection owns it at a time.
 */
import type { IPty } from 'node-pty';
import type { WebSocket } from 'ws';
import type { MirrorHost } from './mirror-host.ts';
import { TerminalMirror } from './mirror.ts';
import { FlowControl, type TerminalServerMessage } from './protocol.ts';

/** Past this much queued in the socket itself, stop reading the pty even if acks say otherwise. */
const SOCKET_BACKLOG_LIMIT = 4 * 1024 * 1024;

export function sendControl(ws: WebSocket, message: TerminalServerMessage): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
}

export class LiveTerminal {
  private owner: WebSocket | undefined;
  private unacked = 0;
  private paused = false;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private flushTimer: NodeJS.Timeout | undefined;
  private lastFlush = 0;
  private graceTimer: NodeJS.Timeout | undefined;
  private exited = false;
  readonly mirror: TerminalMirror;

  constructor(
    readonly key: string,
    private readonly pty: IPty,
    cols: number,
    rows: number,
    private readonly graceMs: number,
    mirrors: MirrorHost,
    private readonly onGone: (terminal: LiveTerminal) => void,
  ) {
    this.mirror = new TerminalMirror(mirrors, key, cols, rows);
    pty.onData((chunk: string | Buffer) => this.onOutput(typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
    pty.onExit(({ exitCode }) => this.onExit(exitCode));
  }

  get hasOwner(): boolean {
    return this.owner !== undefined;
  }

  /**
   * Makes ws the owner, with nothing unacknowledged and the pty running; the previous owner is told
   * it was taken over. What ws missed is sent by the gateway (replay or snapshot), not here.
   */
  attach(ws: WebSocket): void {
    if (this.owner && this.owner !== ws) {
      sendControl(this.owner, { t: 'error', reason: 'taken-over' });
      this.owner.close(4001, 'taken over');
    }
    this.owner = ws;
    clearTimeout(this.graceTimer);
    this.unacked = 0;
    this.setPaused(false);
  }

  /** The owner went away: keep the pty for the grace period, paused so nothing piles up. */
  detach(ws: WebSocket): void {
    if (this.owner !== ws) return;
    this.owner = undefined;
    this.setPaused(true);
    this.graceTimer = setTimeout(() => this.kill(), this.graceMs);
    this.graceTimer.unref();
  }

  input(data: Buffer): void {
    if (!this.exited) this.pty.write(data);
  }

  resize(cols: number, rows: number): void {
    if (this.exited || (cols === this.pty.cols && rows === this.pty.rows)) return;
    this.pty.resize(cols, rows);
    this.mirror.resize(cols, rows);
  }

  ack(bytes: number): void {
    // Clamped at zero: a client that over-acks cannot push the count negative and disable flow control.
    this.unacked = Math.max(0, this.unacked - bytes);
    if (this.paused && this.owner && this.unacked < FlowControl.LOW_WATERMARK) this.setPaused(false);
  }

  /** Bytes sent to the browser that it has not acknowledged yet. */
  get queuedBytes(): number {
    return this.unacked + this.pendingBytes;
  }

  kill(): void {
    if (!this.exited) this.pty.kill('SIGKILL');
    this.dispose();
  }

  private onOutput(chunk: Buffer): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    const quiet = Date.now() - this.lastFlush >= FlowControl.BATCH_MS;
    if (quiet && !this.flushTimer) this.flush();
    else if (this.pendingBytes >= FlowControl.MAX_FRAME) this.flush();
    else this.flushTimer ??= setTimeout(() => this.flush(), FlowControl.BATCH_MS);
  }

  private flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (!this.pending.length) return;
    const frame = Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    this.lastFlush = Date.now();
    const ws = this.owner && this.owner.readyState === this.owner.OPEN ? this.owner : undefined;
    // The learner's echo goes out first; the mirror only queues the frame for its worker.
    ws?.send(frame, { binary: true });
    this.mirror.push(frame);
    if (!ws) return;
    this.unacked += frame.length;
    if (this.unacked > FlowControl.HIGH_WATERMARK || ws.bufferedAmount > SOCKET_BACKLOG_LIMIT) this.setPaused(true);
  }

  private setPaused(paused: boolean): void {
    if (this.paused === paused || this.exited) return;
    this.paused = paused;
    if (paused) this.pty.pause();
    else this.pty.resume();
  }

  private onExit(code: number): void {
    this.flush();
    this.exited = true;
    if (this.owner) {
      sendControl(this.owner, { t: 'exit', code });
      this.owner.close(1000, 'shell exited');
    }
    this.dispose();
  }

  private disposed = false;

  private dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.graceTimer);
    clearTimeout(this.flushTimer);
    this.mirror.dispose();
    this.onGone(this);
  }
}
