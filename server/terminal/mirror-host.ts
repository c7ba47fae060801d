/**
 * The main thread's side of the mirror worker: one worker thread for all terminals of the lab. It
 * posts output to the worker (never parses it here), bounds what waits in the worker's queue, asks for
 * snapshots with a timeout, and runs a watchdog: a worker stuck on one slice longer than
 * MIRROR_STALL_MS is terminated and started again, the culprit's mirror blank, every other mirror
 * rebuilt from its replay ring. The learner's own output never waits for any of this.
 */
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { StatusWord, type MirrorEvent, type MirrorRequest } from './mirror-protocol.ts';
import { TerminalLimits } from './protocol.ts';

const WORKER_ENTRY = new URL('./mirror-worker-entry.mjs', import.meta.url);

export interface MirrorStats {
  /** Times the watchdog (or a crash) replaced the worker. */
  workerRestarts: number;
  /** Times a mirror spent its parse-time budget or fell too far behind, and started blank. */
  mirrorResets: number;
  /** The slowest single chunk the worker parsed, in ms. */
  slowestChunkMs: number;
}

/** What a mirror channel needs from its owner when the worker is replaced. */
export interface MirrorSource {
  /** For log lines: the terminal this mirror belongs to. */
  readonly label: string;
  /** Recent output to rebuild the screen from, oldest first. */
  replay(): Buffer[];
}

interface Channel {
  source: MirrorSource;
  cols: number;
  rows: number;
  /** Bytes posted to the worker and not parsed yet. */
  backlog: number;
  skipping: boolean;
}

export class MirrorChannel {
  constructor(
    private readonly host: MirrorHost,
    readonly id: number,
  ) {}

  write(data: Buffer): void {
    this.host.write(this.id, data);
  }

  resize(cols: number, rows: number): void {
    this.host.resize(this.id, cols, rows);
  }

  /** The screen as bytes that redraw it, or undefined when the mirror cannot give one in time. */
  snapshot(): Promise<Buffer | undefined> {
    return this.host.snapshot(this.id);
  }

  dispose(): void {
    this.host.dispose(this.id);
  }
}

export class MirrorHost {
  private worker: Worker | undefined;
  private ready = false;
  private readonly status = new Int32Array(new SharedArrayBuffer(StatusWord.LENGTH * Int32Array.BYTES_PER_ELEMENT));
  private readonly channels = new Map<number, Channel>();
  private readonly snapshots = new Map<number, (data: Buffer | undefined) => void>();
  private nextId = 1;
  private nextRequest = 1;
  private watchedOperation = -1;
  private watchedSince = 0;
  private readonly watchdog: NodeJS.Timeout;
  private closed = false;
  readonly stats: MirrorStats = { workerRestarts: 0, mirrorResets: 0, slowestChunkMs: 0 };

  /** workerEntry: the worker's script; another one only to test the watchdog with a worker that hangs on purpose. */
  constructor(
    private readonly logger: Logger,
    private readonly workerEntry: URL = WORKER_ENTRY,
  ) {
    this.start();
    this.watchdog = setInterval(() => this.watch(), TerminalLimits.MIRROR_WATCHDOG_INTERVAL_MS);
    this.watchdog.unref();
  }

  open(source: MirrorSource, cols: number, rows: number): MirrorChannel {
    const id = this.nextId++;
    this.channels.set(id, { source, cols, rows, backlog: 0, skipping: false });
    this.post({ t: 'create', id, cols, rows });
    return new MirrorChannel(this, id);
  }

  write(id: number, data: Buffer): void {
    const channel = this.channels.get(id);
    if (!channel) return;
    if (channel.skipping) {
      if (channel.backlog > TerminalLimits.MIRROR_BACKLOG_BYTES / 2) return;
      channel.skipping = false;
      this.post({ t: 'reset', id });
    }
    if (channel.backlog + data.length > TerminalLimits.MIRROR_BACKLOG_BYTES) {
      channel.skipping = true;
      this.stats.mirrorResets += 1;
      this.logger.warn({ event: 'terminal-mirror-behind', terminal: channel.source.label, backlog: channel.backlog }, 'terminal mirror fell behind; it skips output and starts blank');
      return;
    }
    channel.backlog += data.length;
    // A copy of exactly these bytes, moved (not cloned) to the worker: pty chunks may share a pooled buffer.
    const copy = new Uint8Array(data);
    this.post({ t: 'write', id, data: copy }, [copy.buffer]);
  }

  resize(id: number, cols: number, rows: number): void {
    const channel = this.channels.get(id);
    if (!channel) return;
    channel.cols = cols;
    channel.rows = rows;
    this.post({ t: 'resize', id, cols, rows });
  }

  snapshot(id: number): Promise<Buffer | undefined> {
    if (!this.worker || !this.channels.has(id)) return Promise.resolve(undefined);
    const req = this.nextRequest++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.answer(req, undefined), TerminalLimits.SNAPSHOT_TIMEOUT_MS);
      this.snapshots.set(req, (data) => {
        clearTimeout(timer);
        resolve(data);
      });
      this.post({ t: 'snapshot', id, req });
    });
  }

  dispose(id: number): void {
    if (this.channels.delete(id)) this.post({ t: 'dispose', id });
  }

  close(): void {
    this.closed = true;
    clearInterval(this.watchdog);
    for (const req of [...this.snapshots.keys()]) this.answer(req, undefined);
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private post(message: MirrorRequest, transfer: ArrayBuffer[] = []): void {
    this.worker?.postMessage(message, transfer);
  }

  private answer(req: number, data: Buffer | undefined): void {
    const resolve = this.snapshots.get(req);
    this.snapshots.delete(req);
    resolve?.(data);
  }

  private start(): void {
    const worker = new Worker(this.workerEntry, { workerData: { status: this.status.buffer } });
    worker.unref();
    this.worker = worker;
    this.ready = false;
    Atomics.store(this.status, StatusWord.CURRENT_MIRROR, 0);
    worker.on('message', (event: MirrorEvent) => this.onEvent(event));
    worker.on('error', (error) => this.onFailure(worker, `the mirror worker failed: ${error.message}`));
    worker.on('exit', (code) => this.onFailure(worker, `the mirror worker exited with code ${code}`));
  }

  private onEvent(event: MirrorEvent): void {
    if (event.t === 'ready') {
      this.ready = true;
      return;
    }
    if (event.t === 'parsed') {
      for (const [id, bytes] of event.counts) {
        const channel = this.channels.get(id);
        if (channel) channel.backlog = Math.max(0, channel.backlog - bytes);
      }
      this.stats.slowestChunkMs = Math.max(this.stats.slowestChunkMs, event.slowestChunkMs);
      return;
    }
    if (event.t === 'snapshot') return this.answer(event.req, event.data ? Buffer.from(event.data.buffer, event.data.byteOffset, event.data.byteLength) : undefined);
    this.stats.mirrorResets += 1;
    const label = this.channels.get(event.id)?.source.label;
    this.logger.warn({ event: 'terminal-mirror-gave-up', terminal: label, spentMs: event.spentMs }, 'terminal mirror spent its parse budget; it starts blank when the budget refills');
  }

  /** Reads the status words: the same operation on the same mirror for too long means the worker is stuck. */
  private watch(): void {
    const current = Atomics.load(this.status, StatusWord.CURRENT_MIRROR);
    const operation = Atomics.load(this.status, StatusWord.OPERATIONS);
    const now = Date.now();
    if (current === 0 || operation !== this.watchedOperation) {
      this.watchedOperation = operation;
      this.watchedSince = now;
      return;
    }
    if (now - this.watchedSince < TerminalLimits.MIRROR_STALL_MS) return;
    const label = this.channels.get(current)?.source.label;
    this.logger.error({ event: 'terminal-mirror-stalled', terminal: label, ms: now - this.watchedSince }, 'terminal mirror worker stuck; restarting it without that terminal’s screen');
    this.restart(current);
  }

  private onFailure(worker: Worker, reason: string): void {
    if (worker !== this.worker || this.closed) return;
    if (!this.ready) {
      // It never started (a broken install): restarting would only loop. Snapshots stay unavailable.
      this.logger.error({ event: 'terminal-mirror-unavailable', reason }, 'terminal mirror worker could not start; reconnects get no snapshot');
      this.worker = undefined;
      for (const req of [...this.snapshots.keys()]) this.answer(req, undefined);
      return;
    }
    this.logger.error({ event: 'terminal-mirror-failed', reason }, 'terminal mirror worker failed; restarting it');
    this.restart(Atomics.load(this.status, StatusWord.CURRENT_MIRROR));
  }

  /** A new worker; every mirror is created again, and all but the culprit's are fed their replay ring. */
  private restart(culprit: number): void {
    const old = this.worker;
    this.worker = undefined;
    void old?.terminate();
    for (const req of [...this.snapshots.keys()]) this.answer(req, undefined);
    this.stats.workerRestarts += 1;
    this.watchedOperation = -1;
    this.start();
    for (const [id, channel] of this.channels) {
      channel.backlog = 0;
      channel.skipping = false;
      this.post({ t: 'create', id, cols: channel.cols, rows: channel.rows });
      if (id === culprit) {
        this.stats.mirrorResets += 1;
        continue;
      }
      for (const frame of channel.source.replay()) this.write(id, frame);
    }
  }
}
