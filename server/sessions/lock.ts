/**
 * One server per data directory. A second server on the same LAB_DATA_DIR would clean the first
 * one's sessions as "leftovers" and kill every learner's shell, so it must refuse to start instead.
 * The lock file names the owner's pid and that process's start time (from /proc), so a lock left by
 * a crashed run, or by a pid since reused by another program, is recognised as stale and taken over.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
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
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      fd = openSync(file, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readOwner(file);
      if (owner && isAlive(owner)) {
        throw new DataDirLockedError(
          `another lab server (pid ${owner.pid}) is already using the data directory ${dataDir}. Stop it first, or give this one its own LAB_DATA_DIR.`,
        );
      }
      // A crashed run's lock (or an unreadable one): remove it and try once more.
      rmSync(file, { force: true });
      continue;
    }
    writeSync(fd, JSON.stringify(me));
    closeSync(fd);
    return () => {
      if (readOwner(file)?.pid === process.pid) rmSync(file, { force: true });
    };
  }
  throw new DataDirLockedError(`could not take the lock ${file}: another server keeps taking it`);
}
