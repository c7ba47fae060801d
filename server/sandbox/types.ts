/** The sandbox layer's contract: one sandboxed machine of a session, and what running a script in it gives. */
import type { IPty } from 'node-pty';

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number | null;
  timedOut: boolean;
}

export interface RunOptions {
  timeoutMs?: number;
  /** Aborting it SIGKILLs the script, as its timeout does. */
  signal?: AbortSignal;
}

/** One sandboxed machine of a session (host-1, host-2, ...). */
export interface SessionHost {
  readonly name: string;
  /** Host-side path of the learner's home (/home/learner inside). */
  readonly homeDir: string;
  /** Host-side path of the learner's /tmp. */
  readonly tmpDir: string;
  /** An interactive login shell on a new pty at this size. */
  spawnPty(cols: number, rows: number): IPty;
  /** Runs a bash script (given on stdin) non-interactively inside the sandbox; `signal` kills it (code null). */
  run(script: string, options?: RunOptions): Promise<RunResult>;
  /** Kills every process of this host (the files stay). */
  killAll(): Promise<void>;
}
