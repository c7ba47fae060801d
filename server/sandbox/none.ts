/**
 * The `none` driver: no isolation at all, for a lesson author on a laptop without bubblewrap.
 * Config only allows it on loopback, and the server logs a loud warning at start.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import * as pty from 'node-pty';
import type { RunOptions, RunResult, SessionHost } from './types.ts';
import { ProcessSet, runWithInput } from './process.ts';

export class UnsandboxedHost implements SessionHost {
  readonly homeDir: string;
  readonly tmpDir: string;
  private readonly processes = new ProcessSet();

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
    return this.processes.addPty(term);
  }

  run(script: string, options: RunOptions = {}): Promise<RunResult> {
    const argv = ['/usr/bin/env', '-i', ...Object.entries(this.env()).map(([k, v]) => `${k}=${v}`), '/bin/bash', '--noprofile', '--norc', '-c', `cd ~ && exec bash -s`];
    return runWithInput(argv, script, options.timeoutMs ?? 30_000, (child: ChildProcess) => this.processes.addChild(child), options.signal);
  }

  killAll(): Promise<void> {
    return this.processes.killAll();
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
