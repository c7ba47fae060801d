/**
 * The server's side of the terminal protocol (design §4.3): the messages and flow-control constants
 * are the wire contract (server/wire), shared with the browser; here are the server's own budgets
 * and the validation of every control message a browser sends.
 */
import { z } from 'zod';
import { FlowControl, type TerminalClientMessage, type TerminalServerMessage } from '../wire/index.ts';

export { FlowControl };
export type { TerminalClientMessage, TerminalServerMessage };

export const TerminalLimits = {
  MAX_PAYLOAD: 64 * 1024,
  HELLO_TIMEOUT_MS: 5_000,
  TICKET_TTL_MS: 30_000,
  PING_INTERVAL_MS: 20_000,
  /** Input bytes per second a connection may type or paste. */
  INPUT_BYTES_PER_SECOND: 256 * 1024,
  RESIZES_PER_SECOND: 20,
  /** Replay ring of recent output frames, in bytes. */
  RING_BYTES: 256 * 1024,
  SCROLLBACK: 1000,
  /** Unused tickets a session may hold; issuing one more revokes its oldest. */
  TICKETS_PER_SESSION: 8,
  /** Connections (hellos) per terminal: a bucket of RECONNECT_BURST refilled at this rate; past it, error rate-limit. */
  RECONNECTS_PER_MINUTE: 30,
  RECONNECT_BURST: 10,
  /** Largest screen snapshot sent on reconnect; past it the scrollback is shortened, then the snapshot is unavailable. */
  SNAPSHOT_MAX_BYTES: 1024 * 1024,
  /** A snapshot the mirror worker has not answered by then is unavailable. */
  SNAPSHOT_TIMEOUT_MS: 5_000,
  /**
   * The headless mirror parses terminal output (hostile bytes) in a worker thread, never on the main thread.
   * Numeric parameters of CSI sequences without a private marker are clamped to this (xterm.js would repeat
   * a character, scroll or insert lines up to 2^31 times); 500 is the widest pty (clampSize).
   */
  MIRROR_MAX_CSI_PARAM: 500,
  /** Parameters kept per CSI sequence (xterm.js keeps 32 and ignores the rest). */
  MIRROR_MAX_CSI_PARAMS: 32,
  /** Payload kept of an OSC, DCS, SOS, PM or APC string; the rest is dropped and the string still ends. */
  MIRROR_MAX_STRING_BYTES: 4096,
  /** The mirror is fed in slices of this many bytes, and its time budget is checked between slices. */
  MIRROR_SLICE_BYTES: 256,
  /** Parse time each terminal's mirror may use, per second of wall time, and as a burst. Past it the mirror gives up (reset). */
  MIRROR_CPU_MS_PER_SECOND: 200,
  MIRROR_CPU_BURST_MS: 500,
  /** Output posted to the worker and not parsed yet, per terminal; past it the mirror skips output and resets. */
  MIRROR_BACKLOG_BYTES: 2 * 1024 * 1024,
  /** A worker busy with one slice or snapshot for this long is restarted (watchdog); its mirrors are rebuilt from their rings. */
  MIRROR_STALL_MS: 3_000,
  MIRROR_WATCHDOG_INTERVAL_MS: 250,
} as const;

const size = { cols: z.number().finite(), rows: z.number().finite() };

/** What a browser may send as a text frame; anything else closes the connection. */
const ClientMessageSchema: z.ZodType<TerminalClientMessage> = z.discriminatedUnion('t', [
  z.object({ t: z.literal('hello'), ticket: z.string().min(1).max(200), ...size, lastSeq: z.number().int().min(0).optional() }),
  z.object({ t: z.literal('resize'), ...size }),
  z.object({ t: z.literal('ack'), bytes: z.number().int().min(0).max(10_000_000) }),
  z.object({ t: z.literal('ping'), ts: z.number().optional() }),
]);

/** Clamps a requested size to what a pty accepts (1..500 × 1..200). */
export function clampSize(cols: number, rows: number): { cols: number; rows: number } {
  const clamp = (value: number, max: number) => Math.min(max, Math.max(1, Math.floor(value)));
  return { cols: clamp(cols, 500), rows: clamp(rows, 200) };
}

/** Parses a text frame; undefined for anything that is not a valid control message. */
export function parseClientMessage(text: string): TerminalClientMessage | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = ClientMessageSchema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}
