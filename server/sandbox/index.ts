/**
 * Sandbox drivers: create the hosts of a session (a bwrap sandbox each, or no sandbox with
 * LAB_SANDBOX=none), run commands in them, and destroy them. See design §4.7 and §5.
 */
import path from 'node:path';
import type { SessionHost } from './types.ts';
import type { Limits } from './bwrap-args.ts';
import { BwrapHost } from './hosts.ts';
import { UnsandboxedHost } from './none.ts';

export { writeEtcFiles } from './etc-files.ts';
export { registrySandboxArgs, dropPrivileges, REGISTRY_CONFIG_INSIDE } from './bwrap-args.ts';
export { mountSessionTmpfs, unmount } from './hosts.ts';
export { isAlive, killQuietly, waitForExit, SPAWN_ENV } from './process.ts';
export type { Limits };
export type { RunOptions, RunResult, SessionHost } from './types.ts';

/** A host the session manager owns: it can also be wiped (reset) and destroyed. */
export interface ManagedHost extends SessionHost {
  wipe(): Promise<void>;
  destroy(): Promise<void>;
}

export interface CreateHostOptions {
  sessionDir: string;
  hostName: string;
  etcDir: string;
  proxyDir: string;
  storageDir: string;
  uid: number | undefined;
  /** Used by the `none` driver only: where the learner reaches the registry. */
  registryAddress: string;
}

export interface SandboxDriver {
  readonly kind: 'bwrap' | 'none';
  createHost(options: CreateHostOptions): Promise<ManagedHost>;
}

export interface DriverSettings {
  kind: 'bwrap' | 'none';
  diskMb: number;
  /** Inodes per host tmpfs (home + /tmp + /dev/shm), as root. */
  inodes: number;
  limits: Limits;
}

export function createSandboxDriver(settings: DriverSettings): SandboxDriver {
  if (settings.kind === 'none') {
    return {
      kind: 'none',
      createHost: async (o) =>
        new UnsandboxedHost(o.hostName, path.join(o.sessionDir, 'hosts', o.hostName), o.etcDir, o.registryAddress),
    };
  }
  return {
    kind: 'bwrap',
    createHost: (o) => BwrapHost.create({ ...o, diskMb: settings.diskMb, inodes: settings.inodes, limits: settings.limits }),
  };
}

/** True when the server runs as root and so gives every session a uid of its own. */
export function runningAsRoot(): boolean {
  return process.getuid?.() === 0;
}
