/**
 * CPU fairness between learners. The kernel's group scheduler shares the CPU between cgroups, not
 * between processes: with all of a session's processes (its shells and its registry) in a cgroup of
 * their own, a learner who runs a hundred busy processes gets one session's share, and another
 * learner's shell still echoes a keystroke at once.
 *
 * The threat: a learner can start up to LAB_SANDBOX_NPROC processes that each want a whole core.
 * The answer: every sandbox command is started through `join(session)`, a prefix that writes the
 * process into the session's group before it execs anything, so nothing it starts can run outside.
 * As root with cgroup v1's cpu controller (cpu.shares) or cgroup v2 (cpu.weight); elsewhere the lab
 * runs without, and says so once.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const V1_ROOT = '/sys/fs/cgroup/cpu';
const V2_ROOT = '/sys/fs/cgroup';
const LAB_GROUP = 'registry-lab';
const REMOVE_ATTEMPTS = 20;
const REMOVE_RETRY_MS = 50;

export interface CpuGroups {
  /** Why there are no groups, when there are none. */
  readonly unavailable: string | undefined;
  /** Creates the session's group (nothing when unavailable). */
  create(sessionId: string): void;
  /** The argv prefix that starts a command inside the session's group ([] when unavailable). */
  join(sessionId: string): string[];
  /** Removes the session's group once its processes are gone. */
  remove(sessionId: string): Promise<void>;
  /**
   * Removes the groups of a crashed run's sessions, once their processes are gone. Only those: other
   * lab servers on this machine (the cluster test runs three) have groups of their own here.
   */
  removeLeftovers(sessionIds: string[]): string[];
}

/** The parent group of every session's group, or why there is none. */
function labGroupDir(): { dir: string } | { unavailable: string } {
  if (process.getuid?.() !== 0) return { unavailable: 'the server is not root' };
  if (existsSync(path.join(V1_ROOT, 'cpu.shares'))) return ensureDir(path.join(V1_ROOT, LAB_GROUP));
  const controllers = path.join(V2_ROOT, 'cgroup.controllers');
  if (existsSync(controllers) && readFileSync(controllers, 'utf8').split(/\s+/).includes('cpu')) {
    try {
      writeFileSync(path.join(V2_ROOT, 'cgroup.subtree_control'), '+cpu');
      const made = ensureDir(path.join(V2_ROOT, LAB_GROUP));
      if ('dir' in made) writeFileSync(path.join(made.dir, 'cgroup.subtree_control'), '+cpu');
      return made;
    } catch (error) {
      return { unavailable: `cgroup v2 would not delegate the cpu controller: ${(error as Error).message}` };
    }
  }
  return { unavailable: 'no cgroup cpu controller is mounted' };
}

function ensureDir(dir: string): { dir: string } | { unavailable: string } {
  try {
    mkdirSync(dir, { recursive: true });
    return { dir };
  } catch (error) {
    return { unavailable: `cannot create ${dir}: ${(error as Error).message}` };
  }
}

const SESSION_ID = /^[a-f0-9]{24}$/;

function sessionDir(root: string, sessionId: string): string {
  // Session ids are the lab's own, but the id becomes a path: refuse anything else outright.
  if (!SESSION_ID.test(sessionId)) throw new Error(`not a session id: ${sessionId}`);
  return path.join(root, sessionId);
}

/**
 * A group the kernel lets us create can still refuse processes (a read-only or delegated hierarchy
 * in a container): put a throw-away shell into a throw-away group once, before any session relies on it.
 */
function probe(root: string): string | undefined {
  const dir = path.join(root, `probe-${process.pid}`);
  try {
    mkdirSync(dir, { recursive: true });
    const joined = spawnSync('/bin/sh', ['-c', 'echo $$ > "$0"', path.join(dir, 'cgroup.procs')], { stdio: 'ignore' });
    return joined.status === 0 ? undefined : 'the kernel refused a process in a new cpu group';
  } catch (error) {
    return `cannot create a cpu group: ${(error as Error).message}`;
  } finally {
    if (existsSync(dir)) rmdirSync(dir);
  }
}

function withoutGroups(reason: string): CpuGroups {
  return { unavailable: reason, create: () => undefined, join: () => [], remove: async () => undefined, removeLeftovers: () => [] };
}

export function openCpuGroups(): CpuGroups {
  const found = labGroupDir();
  const refused = 'dir' in found ? probe(found.dir) : undefined;
  if ('unavailable' in found) return withoutGroups(found.unavailable);
  if (refused) return withoutGroups(refused);
  const root = found.dir;
  return {
    unavailable: undefined,
    create(sessionId) {
      mkdirSync(sessionDir(root, sessionId), { recursive: true });
    },
    join(sessionId) {
      // $0 is the group's process list: the shell writes its own pid there, then becomes the command.
      return ['/bin/sh', '-c', 'echo $$ > "$0" && exec "$@"', path.join(sessionDir(root, sessionId), 'cgroup.procs')];
    },
    async remove(sessionId) {
      const dir = sessionDir(root, sessionId);
      for (let attempt = 1; ; attempt++) {
        try {
          rmdirSync(dir);
          return;
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'ENOENT') return;
          // EBUSY while the last killed processes are still being reaped.
          if (code !== 'EBUSY' || attempt >= REMOVE_ATTEMPTS) throw error;
          await new Promise((resolve) => setTimeout(resolve, REMOVE_RETRY_MS));
        }
      }
    },
    removeLeftovers(sessionIds) {
      const kept: string[] = [];
      for (const id of sessionIds.filter((entry) => SESSION_ID.test(entry))) {
        const dir = path.join(root, id);
        try {
          if (existsSync(dir)) rmdirSync(dir);
        } catch (error) {
          kept.push(`${id}: ${(error as Error).message}`);
        }
      }
      return kept;
    },
  };
}
