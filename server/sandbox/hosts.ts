/**
 * Sandboxed hosts: one bubblewrap sandbox per host of a session. The home and /tmp are host
 * directories (so checkers can read them); as root they are a size-capped tmpfs owned by the
 * session's own uid.
 */
import { execFile, type ChildProcess } from 'node:child_process';
import { chownSync, chmodSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import * as pty from 'node-pty';
import type { RunOptions, RunResult, SessionHost } from './types.ts';
import type { CreateHostOptions } from './index.ts';
import { dropPrivileges, learnerSandboxArgs, outerLimits, SHM_MB, type Limits } from './bwrap-args.ts';
import { writeHostsFile } from './etc-files.ts';
import { ProcessSet, runWithInput, SPAWN_ENV } from './process.ts';

const exec = promisify(execFile);

export interface HostOptions extends Omit<CreateHostOptions, 'registryAddress'> {
  diskMb: number;
  /** Inodes of the home + /tmp + /dev/shm tmpfs: empty files cost kernel memory that `size=` does not count. */
  inodes: number;
  limits: Limits;
}

export const INTERACTIVE_SHELL = ['/bin/bash', '--rcfile', '/etc/lab/bashrc', '-i'];
const SCRIPT_SHELL = ['/bin/bash', '--noprofile', '--norc', '-s'];

export async function mountSessionTmpfs(dir: string, limits: { sizeMb: number; inodes: number }, uid: number, mode: string): Promise<void> {
  const options = `size=${limits.sizeMb}m,nr_inodes=${limits.inodes},mode=${mode},uid=${uid},gid=${uid},nosuid,nodev`;
  await exec('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]);
}

export async function unmount(dir: string): Promise<void> {
  try {
    await exec('umount', [dir]);
  } catch {
    await exec('umount', ['-l', dir]).catch(() => undefined);
  }
}

export class BwrapHost implements SessionHost {
  readonly name: string;
  readonly homeDir: string;
  readonly tmpDir: string;
  /** As root, the sandbox's /dev/shm: a small tmpfs of its own with an inode limit. */
  private readonly shmDir: string;
  private readonly root: string;
  private readonly processes = new ProcessSet();

  private constructor(private readonly options: HostOptions) {
    this.name = options.hostName;
    this.root = path.join(options.sessionDir, 'hosts', options.hostName);
    this.homeDir = path.join(this.root, 'home');
    this.tmpDir = path.join(this.root, 'tmp');
    this.shmDir = path.join(this.root, 'shm');
  }

  static async create(options: HostOptions): Promise<BwrapHost> {
    const host = new BwrapHost(options);
    await host.prepareDirs();
    writeHostsFile(options.etcDir, options.hostName);
    return host;
  }

  spawnPty(cols: number, rows: number): pty.IPty {
    const [file, ...args] = this.argv(INTERACTIVE_SHELL);
    const term = pty.spawn(file!, args, { name: 'xterm-256color', cols, rows, cwd: '/', env: SPAWN_ENV, encoding: null });
    return this.processes.addPty(term);
  }

  run(script: string, options: RunOptions = {}): Promise<RunResult> {
    return runWithInput(this.argv(SCRIPT_SHELL), script, options.timeoutMs ?? 30_000, (child: ChildProcess) => this.processes.addChild(child), options.signal);
  }

  /** SIGKILL to the outer bwrap: --die-with-parent and the pid namespace take everything inside with it. */
  killAll(): Promise<void> {
    return this.processes.killAll();
  }

  /** Empties home and /tmp (for a lesson reset). */
  async wipe(): Promise<void> {
    await this.killAll();
    await this.releaseDirs();
    await this.prepareDirs();
  }

  async destroy(): Promise<void> {
    await this.killAll();
    await this.releaseDirs();
    rmSync(this.root, { recursive: true, force: true });
  }


  private argv(command: string[]): string[] {
    const o = this.options;
    return [
      ...outerLimits(o.limits),
      ...dropPrivileges(o.uid),
      'choom', '-n', '800', '--',
      ...learnerSandboxArgs(
        { hostName: o.hostName, homeDir: this.homeDir, tmpDir: this.tmpDir, shmDir: o.uid === undefined ? undefined : this.shmDir, proxyDir: o.proxyDir, storageDir: o.storageDir, etcDir: o.etcDir },
        o.limits,
        command,
      ),
    ];
  }

  private async prepareDirs(): Promise<void> {
    mkdirSync(this.root, { recursive: true, mode: 0o755 });
    const uid = this.options.uid;
    if (uid !== undefined) {
      await mountSessionTmpfs(this.root, { sizeMb: this.options.diskMb, inodes: this.options.inodes }, uid, '0700');
    }
    mkdirSync(this.homeDir, { mode: 0o755 });
    mkdirSync(this.tmpDir, { mode: 0o755 });
    chmodSync(this.tmpDir, 0o1777);
    if (uid !== undefined) {
      chownSync(this.homeDir, uid, uid);
      chownSync(this.tmpDir, uid, uid);
      mkdirSync(this.shmDir, { mode: 0o700 });
      await mountSessionTmpfs(this.shmDir, { sizeMb: SHM_MB, inodes: this.options.inodes }, uid, '1777');
    }
  }

  private async releaseDirs(): Promise<void> {
    if (this.options.uid !== undefined) {
      await unmount(this.shmDir);
      await unmount(this.root);
    }
    rmSync(this.root, { recursive: true, force: true });
  }
}
