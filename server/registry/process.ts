/**
 * One distribution registry process per session: generated config, filesystem storage in the
 * session's directory, a unix socket, its own bubblewrap and (as root) its own uid.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { accessSync, chmodSync, chownSync, constants, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { dropPrivileges, mountSessionTmpfs, registrySandboxArgs, SPAWN_ENV, unmount } from '../sandbox/index.ts';
import { RegistryClient } from './client.ts';

export interface RegistryProcessOptions {
  /** The session's registry directory; storage/, run/ and config.yml go inside. */
  dir: string;
  registryBin: string;
  /** Run inside bubblewrap (false only with LAB_SANDBOX=none). */
  sandboxed: boolean;
  /** Host uid of the registry when the server is root. */
  uid: number | undefined;
  /** Group that may read the storage (the learner sandboxes' uid), when root. */
  readerGid: number | undefined;
  diskMb: number;
  /** Inodes of the storage tmpfs (as root): every blob and link is a few files. */
  inodes: number;
}

const READY_TIMEOUT_MS = 10_000;
const STDERR_TAIL = 2048;

/** Finds the registry binary: LAB_REGISTRY_BIN, else `registry` or `docker-registry` on PATH. */
export function findRegistryBinary(configured: string | undefined): string | undefined {
  const candidates = configured ? [configured] : ['registry', 'docker-registry'].flatMap((name) =>
    (process.env.PATH ?? SPAWN_ENV.PATH).split(':').map((dir) => path.join(dir, name)),
  );
  return candidates.find((candidate) => {
    try {
      accessSync(candidate, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

function registryConfig(storageDir: string, socketPath: string): string {
  return [
    'version: 0.1',
    'log:',
    '  level: error',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${storageDir}`,
    '  delete:',
    '    enabled: true',
    '  maintenance:',
    '    uploadpurging:',
    '      enabled: false',
    'http:',
    '  net: unix',
    `  addr: ${socketPath}`,
    `  secret: ${randomBytes(24).toString('hex')}`,
    '',
  ].join('\n');
}

/** Emits 'exit' (reason: string) when the process ends without stop() being called. */
export class RegistryProcess extends EventEmitter {
  readonly storageDir: string;
  readonly socketPath: string;
  readonly client: RegistryClient;
  private readonly runDir: string;
  private readonly configFile: string;
  private child: ChildProcess | undefined;
  private stderrTail = '';
  private stopping = false;

  constructor(private readonly options: RegistryProcessOptions) {
    super();
    this.storageDir = path.join(options.dir, 'storage');
    this.runDir = path.join(options.dir, 'run');
    this.configFile = path.join(options.dir, 'config.yml');
    this.socketPath = path.join(this.runDir, 'registry.sock');
    this.client = new RegistryClient(this.socketPath);
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<void> {
    await this.prepareDirs();
    this.stopping = false;
    this.stderrTail = '';
    const child = spawn(this.argv()[0]!, this.argv().slice(1), { env: SPAWN_ENV, stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL);
    });
    child.on('exit', (code, signal) => {
      if (this.child !== child) return;
      this.child = undefined;
      if (!this.stopping) this.emit('exit', this.describeExit(code, signal));
    });
    await this.waitUntilReady(child);
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.stopping = true;
    this.client.close();
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** Stops the registry and removes all of its storage. */
  async destroy(): Promise<void> {
    await this.stop();
    if (this.options.uid !== undefined) await unmount(this.storageDir);
    rmSync(this.options.dir, { recursive: true, force: true });
  }

  /** Fresh, empty storage (for a lesson reset). */
  async restartEmpty(): Promise<void> {
    await this.destroy();
    await this.start();
  }

  private argv(): string[] {
    const o = this.options;
    if (!o.sandboxed) return [o.registryBin, 'serve', this.configFile];
    return [...dropPrivileges(o.uid), ...registrySandboxArgs({ storageDir: this.storageDir, socketDir: this.runDir, configFile: this.configFile, registryBin: o.registryBin })];
  }

  private async prepareDirs(): Promise<void> {
    const o = this.options;
    // The registry's own uid must traverse its directory; the learner's uid must reach the storage.
    mkdirSync(o.dir, { recursive: true, mode: 0o711 });
    chmodSync(o.dir, 0o711);
    mkdirSync(this.storageDir, { recursive: true, mode: 0o750 });
    mkdirSync(this.runDir, { recursive: true, mode: 0o700 });
    if (o.uid !== undefined) {
      await mountSessionTmpfs(this.storageDir, { sizeMb: o.diskMb, inodes: o.inodes }, o.uid, '0750');
      chownSync(this.storageDir, o.uid, o.readerGid ?? o.uid);
      chownSync(this.runDir, o.uid, o.uid);
    }
    chmodSync(this.storageDir, 0o750);
    const inside = o.sandboxed
      ? registryConfig('/var/lib/registry', '/run/registry/registry.sock')
      : registryConfig(this.storageDir, this.socketPath);
    writeFileSync(this.configFile, inside, { mode: 0o644 });
  }

  private async waitUntilReady(child: ChildProcess): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    let delay = 5;
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`the registry stopped while starting: ${this.describeExit(child.exitCode, child.signalCode)}`);
      }
      if (await this.client.ping()) return;
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 50);
    }
    throw new Error(`the registry did not answer GET /v2/ within ${READY_TIMEOUT_MS / 1000} s`);
  }

  private describeExit(code: number | null, signal: NodeJS.Signals | null): string {
    const how = signal ? `killed by ${signal}` : `exited with code ${code}`;
    const detail = this.stderrTail.trim().split('\n').at(-1);
    return detail ? `registry ${how}: ${detail}` : `registry ${how}`;
  }
}
