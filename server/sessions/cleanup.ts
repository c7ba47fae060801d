/**
 * Removes what a crashed run left behind: processes still running from session directories,
 * tmpfs mounts under them, and the directories themselves.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { killQuietly, unmount, waitForExit } from '../sandbox/index.ts';

function processesUnder(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.includes(dir + path.sep)) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

function mountsUnder(dir: string): string[] {
  return readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[1]?.replace(/\\040/g, ' '))
    .filter((mountPoint): mountPoint is string => !!mountPoint && mountPoint.startsWith(dir + path.sep))
    .sort((a, b) => b.length - a.length);
}

/** Returns how many processes and mounts were cleaned up. */
export async function cleanLeftovers(sessionsDir: string): Promise<{ processes: number; mounts: number }> {
  const pids = processesUnder(sessionsDir);
  for (const pid of pids) killQuietly(pid, 'SIGKILL');
  await Promise.all(pids.map((pid) => waitForExit(pid, 3000)));
  const mounts = mountsUnder(sessionsDir);
  for (const mountPoint of mounts) await unmount(mountPoint);
  rmSync(sessionsDir, { recursive: true, force: true });
  return { processes: pids.length, mounts: mounts.length };
}
