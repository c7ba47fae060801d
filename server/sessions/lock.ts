/**
 * One server per data directory. A second server on the same LAB_DATA_DIR would clean the first
 * one's sessions as "leftovers" and kill every learner's shell, so it must refuse to start instead.
 * The lock file names the owner's pid and that process's start time (from /proc), so a lock left by
 * a crashed run, or by a pid since reused by another program, is recognised as stale and taken over.
 *
 * Servers may start at the same moment (a service manager restarting two units, a double `npm start`):
 * - the lock file never exists without its owner in it: it is written under a private name and then
 *   hard-linked into place, which fails if the name is taken (a file created empty and written after
 *   looked stale to a contender in between, and both servers started);
 * - a stale lock is moved aside before it is removed, and what was moved is read again: when it was a
 *   live server's lock (another contender took over first), it is put back and this server refuses.
 */
import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
}

interface LockOwner {
  pid: number;
  startedAt: string;
}

/** The process's start time in clock ticks since boot (field 22 of /proc/<pid>/stat), or undefined when it is gone. */
function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: count fields after its closing one.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function readOwner(file: string): LockOwner | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockOwner>;
    return typeof parsed.pid === 'number' && typeof parsed.startedAt === 'string' ? { pid: parsed.pid, startedAt: parsed.startedAt } : undefined;
  } catch {
    return undefined;
  }
}

const isAlive = (owner: LockOwner) => owner.pid !== process.pid && processStartTime(owner.pid) === owner.startedAt;

/** Takes the data directory's lock; throws DataDirLockedError when a live server holds it. Returns the release function. */
export function lockDataDir(dataDir: string): () => void {
  const file = path.join(dataDir, 'lab.lock');
  const me: LockOwner = { pid: process.pid, startedAt: processStartTime(process.pid) ?? '' };
  const mine = `${file}.${process.pid}`;
  writeFileSync(mine, JSON.stringify(me), { mode: 0o600 });
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      if (linked(mine, file)) {
        return () => {
          if (readOwner(file)?.pid === process.pid) rmSync(file, { force: true });
        };
      }
      refuseIfLive(readOwner(file), dataDir);
      removeStale(file, dataDir);
    }
  } finally {
    rmSync(mine, { force: true });
  }
  throw new DataDirLockedError(`could not take the lock ${file}: another server keeps taking it`);
}

/** Links `from` to `to`; false when `to` exists. */
function linked(from: string, to: string): boolean {
  try {
    linkSync(from, to);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

function refuseIfLive(owner: LockOwner | undefined, dataDir: string): void {
  if (owner && isAlive(owner)) {
    throw new DataDirLockedError(
      `another lab server (pid ${owner.pid}) is already using the data directory ${dataDir}. Stop it first, or give this one its own LAB_DATA_DIR.`,
    );
  }
}

/** Removes a crashed run's (or an unreadable) lock, unless another contender put a live one there meanwhile. */
function removeStale(file: string, dataDir: string): void {
  const aside = `${file}.${process.pid}.stale`;
  try {
    renameSync(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = readOwner(aside);
  try {
    if (moved && isAlive(moved)) {
      // Not stale after all: a contender's fresh lock. Back it goes, and this server refuses. (Only a third
      // server linking its own lock in the microseconds it was aside could still get in; two cannot.)
      linked(aside, file);
      refuseIfLive(moved, dataDir);
    }
  } finally {
    rmSync(aside, { force: true });
  }
}
