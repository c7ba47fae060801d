/**
 * The terminal protocol of design §4.3. Binary frames carry raw terminal bytes both ways; text
 * frames carry these JSON control messages only. Flow-control constants live here, in one place
 * (VS Code's numbers; the client must ack in chunks no larger than LOW_WATERMARK).
 */
import { z } from 'zod';

export const FlowControl = {
  /** Pause the pty when this many sent bytes are not yet acknowledged. */
  HIGH_WATERMARK: 100_000,
  /** Resume it when the unacknowledged bytes fall below this. */
  LOW_WATERMARK: 5_000,
  /** The client acks after this many parsed bytes. */
  ACK_EVERY: 5_000,
  /** Output is coalesced for this long, except the first chunk after a quiet period. */
  BATCH_MS: 5,
  /** Largest output frame. */
  MAX_FRAME: 64 * 1024,
} as const;

export const Limits = {
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

export const ClientMessage = z.discriminatedUnion('t', [
  z.object({ t: z.literal('hello'), ticket: z.string().min(1).max(200), ...size, lastSeq: z.number().int().min(0).optional() }),
  z.object({ t: z.literal('resize'), ...size }),
  z.object({ t: z.literal('ack'), bytes: z.number().int().min(0).max(10_000_000) }),
  z.object({ t: z.literal('ping'), ts: z.number().optional() }),
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

export type ServerMessage =
  | { t: 'ready'; mode: 'fresh' | 'resume' | 'snapshot'; seq: number }
  | { t: 'exit'; code: number }
  | { t: 'pong'; ts?: number }
  | { t: 'error'; reason: 'auth' | 'bad-message' | 'rate-limit' | 'taken-over' | 'hello-timeout' | 'unavailable' };

/** Clamps a requested size to what a pty accepts (1..500 × 1..200). */
export function clampSize(cols: number, rows: number): { cols: number; rows: number } {
  const clamp = (value: number, max: number) => Math.min(max, Math.max(1, Math.floor(value)));
  return { cols: clamp(cols, 500), rows: clamp(rows, 200) };
}

/** Parses a text frame; undefined for anything that is not a valid control message. */
export function parseClientMessage(text: string): ClientMessage | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = ClientMessage.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}
