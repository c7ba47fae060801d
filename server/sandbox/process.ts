/** Process helpers shared by the drivers: bounded output capture, kill with escalation. */
import { spawn, type ChildProcess } from 'node:child_process';
import type { IPty } from 'node-pty';
import type { RunResult } from './types.ts';

const MAX_CAPTURE = 1024 * 1024;

export const SPAWN_ENV = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8' };

function capture(stream: NodeJS.ReadableStream | null): () => string {
  const chunks: Buffer[] = [];
  let size = 0;
  stream?.on('data', (chunk: Buffer) => {
    if (size < MAX_CAPTURE) chunks.push(chunk.subarray(0, MAX_CAPTURE - size));
    size += chunk.length;
  });
  return () => Buffer.concat(chunks).toString('utf8');
}

/**
 * Runs argv with the script on stdin; SIGKILL after the timeout or when the signal aborts. Output is
 * capped at 1 MiB per stream. The script's process leads a process group of its own, and the kill goes
 * to the whole group: killed in its first milliseconds, bubblewrap may already have cloned the
 * sandbox's first process but not yet tied it to its own death (--die-with-parent is set by that
 * process itself), which would then run the script on as an orphan.
 */
export function runWithInput(argv: string[], input: string, timeoutMs: number, track: (child: ChildProcess) => void, signal?: AbortSignal): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const [file, ...args] = argv;
    if (!file) throw new Error('empty command');
    const child = spawn(file, args, { env: SPAWN_ENV, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    track(child);
    const killGroup = () => child.pid !== undefined && killQuietly(-child.pid, 'SIGKILL');
    const stdout = capture(child.stdout);
    const stderr = capture(child.stderr);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, timeoutMs);
    const abort = () => killGroup();
    if (signal?.aborted) abort();
    else signal?.addEventListener('abort', abort, { once: true });
    const settled = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', abort);
    };
    child.on('error', (error) => {
      settled();
      reject(error);
    });
    child.on('close', (code) => {
      settled();
      resolve({ stdout: stdout(), stderr: stderr(), code, timedOut });
    });
    child.stdin.on('error', () => undefined); // the script may exit before reading all of its input
    child.stdin.end(input);
  });
}

/** Resolves when the pid is gone (polls; works for processes we did not spawn ourselves). */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 10));
  }
  return !isAlive(pid);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function killQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** The processes a host started (ptys and scripts), so that all of them can be killed at once. */
export class ProcessSet {
  private readonly pids = new Set<number>();
  /** Those of `pids` that lead a process group. */
  private readonly groups = new Set<number>();

  addPty(term: IPty): IPty {
    this.pids.add(term.pid);
    term.onExit(() => this.pids.delete(term.pid));
    return term;
  }

  /** A script's process (runWithInput), which leads a process group of its own. */
  addChild(child: ChildProcess): void {
    const pid = child.pid;
    if (pid === undefined) return;
    this.pids.add(pid);
    this.groups.add(pid);
    child.on('exit', () => {
      this.pids.delete(pid);
      this.groups.delete(pid);
    });
  }

  /** SIGKILL to each (to the whole group of a script), then waits until they are gone. */
  async killAll(): Promise<void> {
    const pids = [...this.pids];
    for (const pid of pids) killQuietly(this.groups.has(pid) ? -pid : pid, 'SIGKILL');
    await Promise.all(pids.map((pid) => waitForExit(pid, 3000)));
    this.pids.clear();
    this.groups.clear();
  }
}
