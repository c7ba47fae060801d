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
