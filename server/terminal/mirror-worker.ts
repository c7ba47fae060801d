/**
 * The mirror worker: one thread holds the headless xterm mirrors of every terminal, so that parsing
 * hostile terminal output never blocks the main thread. Each mirror filters its input (EscapeClamp),
 * is fed in slices with a parse-time budget, and gives up (blank screen, a 'gave-up' event) when the
 * budget is spent. The main thread's watchdog reads the status words to catch a slice that never ends.
 */
import { parentPort, workerData } from 'node:worker_threads';
import headless from '@xterm/headless';
import serialize from '@xterm/addon-serialize';
import unicode from '@xterm/addon-unicode11';
import { EscapeClamp } from './escape-clamp.ts';
import { StatusWord, type MirrorEvent, type MirrorRequest } from './mirror-protocol.ts';
import { TerminalLimits } from './protocol.ts';

interface Screen {
  terminal: headless.Terminal;
  serializer: serialize.SerializeAddon;
  writeSync(data: Uint8Array): void;
}

interface Mirror {
  cols: number;
  rows: number;
  /** undefined while the mirror has given up and waits for its budget to refill. */
  screen: Screen | undefined;
  clamp: EscapeClamp;
  creditMs: number;
  refilledAt: number;
}

const port = parentPort!;
const status = new Int32Array(workerData.status as SharedArrayBuffer);
const mirrors = new Map<number, Mirror>();
const encoder = new TextEncoder();
let parsedCounts = new Map<number, number>();
let slowestChunkMs = 0;
let reportScheduled = false;

function post(event: MirrorEvent, transfer: ArrayBuffer[] = []): void {
  port.postMessage(event, transfer);
}

/**
 * xterm.js parses asynchronously in time slices of its own; its synchronous writeSync is what lets the
 * worker bound and measure each slice. It is internal API, so its absence fails loudly at startup.
 */
function openScreen(cols: number, rows: number): Screen {
  const terminal = new headless.Terminal({ cols, rows, scrollback: TerminalLimits.SCROLLBACK, allowProposedApi: true, logLevel: 'off' });
  const serializer = new serialize.SerializeAddon();
  terminal.loadAddon(serializer as unknown as headless.ITerminalAddon);
  terminal.loadAddon(new unicode.Unicode11Addon() as unknown as headless.ITerminalAddon);
  terminal.unicode.activeVersion = '11';
  const core = (terminal as unknown as { _core?: { writeSync?: (data: Uint8Array) => void } })._core;
  const writeSync = core?.writeSync;
  if (typeof writeSync !== 'function') throw new Error('@xterm/headless has no writeSync: the mirror cannot bound its parse time');
  return { terminal, serializer, writeSync: (data) => writeSync.call(core, data) };
}

/** Runs one bounded unit of work under the watchdog's eye and returns how long it took. */
function timed(id: number, work: () => void): number {
  Atomics.store(status, StatusWord.CURRENT_MIRROR, id);
  Atomics.add(status, StatusWord.OPERATIONS, 1);
  const started = performance.now();
  work();
  // Cleared only after success: when the work throws and ends the worker, the host reads here which
  // terminal's bytes did it, and gives up on that mirror instead of replaying them into a new worker.
  Atomics.store(status, StatusWord.CURRENT_MIRROR, 0);
  return performance.now() - started;
}

function refill(mirror: Mirror): void {
  const now = performance.now();
  mirror.creditMs = Math.min(TerminalLimits.MIRROR_CPU_BURST_MS, mirror.creditMs + ((now - mirror.refilledAt) / 1000) * TerminalLimits.MIRROR_CPU_MS_PER_SECOND);
  mirror.refilledAt = now;
}

function blank(mirror: Mirror): void {
  mirror.screen?.terminal.dispose();
  mirror.screen = openScreen(mirror.cols, mirror.rows);
  mirror.clamp = new EscapeClamp();
}

/** Charges spent time to the mirror; past its budget the mirror drops its screen until the budget refills. */
function charge(id: number, mirror: Mirror, spentMs: number): boolean {
  mirror.creditMs -= spentMs;
  if (mirror.creditMs >= 0) return true;
  mirror.screen?.terminal.dispose();
  mirror.screen = undefined;
  post({ t: 'gave-up', id, spentMs: Math.round(TerminalLimits.MIRROR_CPU_BURST_MS - mirror.creditMs) });
  return false;
}

/** A suspended mirror starts again, blank, once half its burst has refilled. */
function usableScreen(mirror: Mirror): Screen | undefined {
  refill(mirror);
  if (!mirror.screen && mirror.creditMs >= TerminalLimits.MIRROR_CPU_BURST_MS / 2) blank(mirror);
  return mirror.screen;
}

function write(id: number, mirror: Mirror, data: Uint8Array): void {
  const screen = usableScreen(mirror);
  countParsed(id, data.length);
  if (!screen) return;
  const filtered = mirror.clamp.push(data);
  let chunkMs = 0;
  for (let offset = 0; offset < filtered.length; offset += TerminalLimits.MIRROR_SLICE_BYTES) {
    const spent = timed(id, () => screen.writeSync(filtered.subarray(offset, offset + TerminalLimits.MIRROR_SLICE_BYTES)));
    chunkMs += spent;
    if (!charge(id, mirror, spent)) break;
  }
  slowestChunkMs = Math.max(slowestChunkMs, chunkMs);
}

/** Parsed-byte counts go back in one message per turn of the event loop, not one per chunk. */
function countParsed(id: number, bytes: number): void {
  parsedCounts.set(id, (parsedCounts.get(id) ?? 0) + bytes);
  if (reportScheduled) return;
  reportScheduled = true;
  setImmediate(() => {
    post({ t: 'parsed', counts: [...parsedCounts], slowestChunkMs: Math.round(slowestChunkMs) });
    parsedCounts = new Map();
    slowestChunkMs = 0;
    reportScheduled = false;
  });
}

/** The screen as escape sequences, with as much scrollback as fits in SNAPSHOT_MAX_BYTES. */
function snapshot(id: number, req: number): void {
  const mirror = mirrors.get(id);
  if (!mirror) return post({ t: 'snapshot', req, unavailable: 'unknown-mirror' });
  const screen = usableScreen(mirror);
  if (!screen) return post({ t: 'snapshot', req, unavailable: 'suspended' });
  let scrollback: number = TerminalLimits.SCROLLBACK;
  for (let attempt = 0; attempt < 4; attempt++) {
    let bytes = new Uint8Array(0);
    timed(id, () => (bytes = encoder.encode(screen.serializer.serialize({ scrollback }))));
    if (bytes.length <= TerminalLimits.SNAPSHOT_MAX_BYTES) return post({ t: 'snapshot', req, data: bytes }, [bytes.buffer as ArrayBuffer]);
    if (scrollback === 0) break;
    scrollback = attempt === 2 ? 0 : Math.floor((scrollback * TerminalLimits.SNAPSHOT_MAX_BYTES) / bytes.length / 2);
  }
  post({ t: 'snapshot', req, unavailable: 'too-large' });
}

function handle(message: MirrorRequest): void {
  if (message.t === 'create') {
    const mirror: Mirror = { cols: message.cols, rows: message.rows, screen: undefined, clamp: new EscapeClamp(), creditMs: TerminalLimits.MIRROR_CPU_BURST_MS, refilledAt: performance.now() };
    blank(mirror);
    mirrors.set(message.id, mirror);
    return;
  }
  if (message.t === 'snapshot') return snapshot(message.id, message.req);
  const mirror = mirrors.get(message.id);
  if (!mirror) return;
  if (message.t === 'write') return write(message.id, mirror, message.data);
  if (message.t === 'reset') return blank(mirror);
  if (message.t === 'dispose') {
    mirror.screen?.terminal.dispose();
    mirrors.delete(message.id);
    return;
  }
  mirror.cols = message.cols;
  mirror.rows = message.rows;
  const screen = usableScreen(mirror);
  if (screen) charge(message.id, mirror, timed(message.id, () => screen.terminal.resize(message.cols, message.rows)));
}

port.on('message', handle);
post({ t: 'ready' });
