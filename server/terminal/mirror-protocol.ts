/** Messages between the main thread and the mirror worker (mirror-worker.ts), and their shared status words. */

export type MirrorRequest =
  | { t: 'create'; id: number; cols: number; rows: number }
  | { t: 'write'; id: number; data: Uint8Array }
  | { t: 'resize'; id: number; cols: number; rows: number }
  /** Start over with a blank screen (the main thread skipped output it could not queue). */
  | { t: 'reset'; id: number }
  | { t: 'snapshot'; id: number; req: number }
  | { t: 'dispose'; id: number };

export type MirrorEvent =
  | { t: 'ready' }
  /** Bytes parsed per mirror since the last report, and the slowest chunk (ms) among them. */
  | { t: 'parsed'; counts: [id: number, bytes: number][]; slowestChunkMs: number }
  | { t: 'snapshot'; req: number; data?: Uint8Array; unavailable?: 'suspended' | 'too-large' | 'unknown-mirror' }
  /** A mirror spent its parse-time budget: it ignores output until the budget refills, then starts blank. */
  | { t: 'gave-up'; id: number; spentMs: number };

/**
 * Int32 words the worker updates and the main thread's watchdog reads without a message (the worker
 * cannot answer messages while it is stuck): which mirror it works on, and a counter of operations.
 */
export const StatusWord = { CURRENT_MIRROR: 0, OPERATIONS: 1, LENGTH: 2 } as const;
