/**
 * The `none` driver: no isolation at all, for a lesson author on a laptop without bubblewrap.
 * Config only allows it on loopback, and the server logs a loud warning at start.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import * as pty from 'node-pty';
import type { RunResult, SessionHost } from '../sessions/types.ts';
import { killQuietly, runWithInput, waitForExit } from './process.ts';

export class UnsandboxedHost implements SessionHost {
  readonly homeDir: string;
  readonly tmpDir: string;
  private readonly children = new Set<number>();

  constructor(
    readonly name: string,
    private readonly root: string,
    private readonly etcDir: string,
    /** host:port of the recorder's TCP listener; there is no private localhost:5000 without a network namespace. */
    private readonly registryAddress: string,
  ) {
    this.homeDir = path.join(root, 'home');
    this.tmpDir = path.join(root, 'tmp');
    mkdirSync(this.homeDir, { recursive: true });
    mkdirSync(this.tmpDir, { recursive: true });
  }

  private env(): Record<string, string> {
    return {
      HOME: this.homeDir,
      USER: 'learner',
      TERM: 'xterm-256color',
      LANG: 'C.UTF-8',
      PATH: '/usr/local/bin:/usr/bin:/bin',
      REGISTRY: this.registryAddress,
      TMPDIR: this.tmpDir,
    };
  }

  spawnPty(cols: number, rows: number): pty.IPty {
    const term = pty.spawn('/bin/bash', ['--rcfile', path.join(this.etcDir, 'bashrc'), '-i'], {
      name: 'xterm-256color', cols, rows, cwd: this.homeDir, env: this.env(), encoding: null,
    });
    this.children.add(term.pid);
    term.onExit(() => this.children.delete(term.pid));
    return term;
  }

  run(script: string, options: { timeoutMs?: number } = {}): Promise<RunResult> {
    const argv = ['/usr/bin/env', '-i', ...Object.entries(this.env()).map(([k, v]) => `${k}=${v}`), '/bin/bash', '--noprofile', '--norc', '-c', `cd ~ && exec bash -s`];
    return runWithInput(argv, script, options.timeoutMs ?? 30_000, (child: ChildProcess) => {
      if (child.pid === undefined) return;
      const pid = child.pid;
      this.children.add(pid);
      child.on('exit', () => this.children.delete(pid));
    });
  }

  async killAll(): Promise<void> {
    const pids = [...this.children];
    for (const pid of pids) killQuietly(pid, 'SIGKILL');
    await Promise.all(pids.map((pid) => waitForExit(pid, 3000)));
    this.children.clear();
  }

  async wipe(): Promise<void> {
    await this.killAll();
    rmSync(this.root, { recursive: true, force: true });
    mkdirSync(this.homeDir, { recursive: true });
    mkdirSync(this.tmpDir, { recursive: true });
  }

  async destroy(): Promise<void> {
    await this.killAll();
    rmSync(this.root, { recursive: true, force: true });
  }
}
