/**
 * One distribution registry process per session: generated config, filesystem storage in the
 * session's directory, a unix socket, its own bubblewrap and (as root) its own uid.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { accessSync, chmodSync, chownSync, constants, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { dropPrivileges, mountSessionTmpfs, REGISTRY_CONFIG_INSIDE, registrySandboxArgs, SPAWN_ENV, unmount } from '../sandbox/index.ts';
import {
  BASIC_REALM, basicAuthorization, DEFAULT_REGISTRY_SETTINGS, htpasswdFile, newLabCredentials, newLearnerCredentials,
  TOKEN_ISSUER, TOKEN_REALM, TOKEN_SERVICE, TokenIssuer, type Credentials, type RegistrySettings,
} from './auth.ts';
import { RegistryClient } from './client.ts';
import { UnixHttp } from './http.ts';

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
  /** Auth, deletion and garbage collection as the session's lesson asks (default: no auth, deletes on). */
  settings?: RegistrySettings;
}

export interface GarbageCollectOptions {
  dryRun: boolean;
  deleteUntagged: boolean;
}

export interface GarbageCollectResult {
  /** The command as it ran, with the config path the registry sees. */
  command: string;
  exitCode: number | null;
  /** stdout and stderr interleaved, cut at GC_OUTPUT_LIMIT. */
  output: string;
}

const READY_POLL_MS = 4;
const READY_TIMEOUT_MS = 10_000;
const STDERR_TAIL = 2048;
const GC_TIMEOUT_MS = 60_000;
const GC_OUTPUT_LIMIT = 256 * 1024;

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

interface ConfigPaths {
  storageDir: string;
  socketPath: string;
  /** Directory of htpasswd and token.crt, as the registry sees it. */
  authDir: string;
}

function authConfig(settings: RegistrySettings, authDir: string): string[] {
  if (settings.auth === 'basic') return ['auth:', '  htpasswd:', `    realm: ${BASIC_REALM}`, `    path: ${authDir}/htpasswd`];
  if (settings.auth === 'token') {
    return ['auth:', '  token:', `    realm: ${TOKEN_REALM}`, `    service: ${TOKEN_SERVICE}`, `    issuer: ${TOKEN_ISSUER}`, `    rootcertbundle: ${authDir}/token.crt`];
  }
  return [];
}

function registryConfig({ storageDir, socketPath, authDir }: ConfigPaths, settings: RegistrySettings): string {
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
    `    enabled: ${settings.delete}`,
    '  maintenance:',
    '    uploadpurging:',
    '      enabled: false',
    'http:',
    '  net: unix',
    `  addr: ${socketPath}`,
    `  secret: ${randomBytes(24).toString('hex')}`,
    ...authConfig(settings, authDir),
    '',
  ].join('\n');
}

/** Emits 'exit' with the reason in words when the process ends without stop() being called. */
export class RegistryProcess extends EventEmitter<{ exit: [reason: string] }> {
  readonly storageDir: string;
  readonly socketPath: string;
  readonly client: RegistryClient;
  private readonly readiness: UnixHttp;
  private currentSettings: RegistrySettings;
  /** The learner's user and password (auth: basic or token); the same for the whole session, resets included. */
  readonly learnerCredentials: Credentials;
  private readonly labCredentials = newLabCredentials();
  private tokenIssuer: TokenIssuer | undefined;
  /** The garbage collection running now, if any: one at a time, and never during a reset. */
  private maintenance: Promise<unknown> = Promise.resolve();
  private destroying = false;
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
    this.currentSettings = options.settings ?? DEFAULT_REGISTRY_SETTINGS;
    this.learnerCredentials = newLearnerCredentials();
    this.client = new RegistryClient(this.socketPath, (_method, requestPath) => this.labAuthorization(requestPath));
    this.readiness = new UnixHttp(this.socketPath);
  }

  get settings(): RegistrySettings {
    return this.currentSettings;
  }

  /** Serves with other settings: the registry restarts on the same storage when they differ. */
  async reconfigure(settings: RegistrySettings): Promise<void> {
    const same = settings.auth === this.settings.auth && settings.delete === this.settings.delete && settings.gc === this.settings.gc;
    if (same) return;
    await this.maintenance.catch(() => undefined);
    await this.stop();
    this.currentSettings = settings;
    if (settings.auth === 'token') this.tokenIssuer ??= await TokenIssuer.create();
    this.writeConfig();
    await this.serve();
  }

  /** Signs the tokens of this session's realm (auth: token only). */
  get issuer(): TokenIssuer | undefined {
    return this.tokenIssuer;
  }

  /**
   * Called before each request of the lab's client: it first waits for a running garbage collection
   * (the registry is stopped meanwhile; a check then would fail for no fault of the learner's).
   */
  private async labAuthorization(requestPath: string): Promise<string | undefined> {
    await this.maintenance.catch(() => undefined);
    if (this.settings.auth === 'none') return undefined;
    if (this.settings.auth === 'basic') return basicAuthorization(this.labCredentials);
    if (!this.tokenIssuer) throw new Error('the token issuer is not ready yet');
    return this.tokenIssuer.labAuthorization(requestPath);
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<void> {
    if (this.settings.auth === 'token') this.tokenIssuer ??= await TokenIssuer.create();
    await this.prepareDirs();
    await this.serve();
  }

  /** Starts `registry serve` on the storage as it is and waits until it answers. */
  private async serve(): Promise<void> {
    this.stopping = false;
    this.stderrTail = '';
    const argv = this.argv(['serve', this.configPath()]);
    const child = spawn(argv[0]!, argv.slice(1), { env: SPAWN_ENV, stdio: ['ignore', 'ignore', 'pipe'] });
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
    this.readiness.close();
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    // bwrap is gone, but the registry inside dies a moment later (its parent-death signal): until
    // then it still accepts on this socket, and a restart's readiness ping must not reach it.
    rmSync(this.socketPath, { force: true });
  }

  /**
   * Stops the registry and removes all of its storage. A garbage collection in progress finishes
   * first, and does not serve again: its storage is about to go.
   */
  async destroy(): Promise<void> {
    this.destroying = true;
    try {
      await this.maintenance.catch(() => undefined);
      await this.stop();
      if (this.options.uid !== undefined) await unmount(this.storageDir);
      rmSync(this.options.dir, { recursive: true, force: true });
    } finally {
      this.destroying = false;
    }
  }

  /** Fresh, empty storage (for a lesson reset). */
  async restartEmpty(): Promise<void> {
    await this.maintenance.catch(() => undefined);
    await this.destroy();
    await this.start();
  }

  /**
   * Runs the registry's own `garbage-collect` on this storage with the registry stopped (it works
   * offline, and the running registry's blob cache would go stale), then serves again. One at a time.
   */
  garbageCollect(options: GarbageCollectOptions): Promise<GarbageCollectResult> {
    const run = this.maintenance.catch(() => undefined).then(async () => {
      await this.stop();
      try {
        return await this.runGarbageCollect(options);
      } finally {
        if (!this.destroying) await this.serve();
      }
    });
    this.maintenance = run;
    return run;
  }

  private async runGarbageCollect(options: GarbageCollectOptions): Promise<GarbageCollectResult> {
    const args = ['garbage-collect', ...(options.dryRun ? ['--dry-run'] : []), ...(options.deleteUntagged ? ['--delete-untagged'] : []), this.configPath()];
    const argv = this.argv(args);
    const child = spawn(argv[0]!, argv.slice(1), { env: SPAWN_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer) => {
      if (output.length < GC_OUTPUT_LIMIT) output += chunk.toString('utf8');
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => child.kill('SIGKILL'), GC_TIMEOUT_MS);
    const exitCode = await new Promise<number | null>((resolve, reject) => child.once('error', reject).once('close', (code) => resolve(code)));
    clearTimeout(timer);
    return { command: `registry ${args.join(' ')}`, exitCode, output: output.slice(0, GC_OUTPUT_LIMIT) };
  }

  private configPath(): string {
    return this.options.sandboxed ? REGISTRY_CONFIG_INSIDE : this.configFile;
  }

  private argv(command: string[]): string[] {
    const o = this.options;
    if (!o.sandboxed) return [o.registryBin, ...command];
    return [...dropPrivileges(o.uid), ...registrySandboxArgs({ storageDir: this.storageDir, socketDir: this.runDir, configFile: this.configFile, registryBin: o.registryBin, command })];
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
    this.writeConfig();
  }

  private writeConfig(): void {
    const o = this.options;
    const paths = o.sandboxed
      ? { storageDir: '/var/lib/registry', socketPath: '/run/registry/registry.sock', authDir: '/run/registry' }
      : { storageDir: this.storageDir, socketPath: this.socketPath, authDir: this.runDir };
    writeFileSync(this.configFile, registryConfig(paths, this.settings), { mode: 0o644 });
    this.writeAuthFiles();
  }

  /** The files distribution checks credentials against, in its run directory (never the learner's view). */
  private writeAuthFiles(): void {
    if (this.settings.auth === 'basic') {
      writeFileSync(path.join(this.runDir, 'htpasswd'), htpasswdFile(this.learnerCredentials, this.labCredentials), { mode: 0o644 });
    }
    if (this.settings.auth === 'token' && this.tokenIssuer) {
      writeFileSync(path.join(this.runDir, 'token.crt'), this.tokenIssuer.certificatePem, { mode: 0o644 });
    }
  }

  private async waitUntilReady(child: ChildProcess): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`the registry stopped while starting: ${this.describeExit(child.exitCode, child.signalCode)}`);
      }
      if (await this.answers()) return;
      // A fixed short step: a try before the socket exists fails at once, and a doubling back-off
      // kept a learner waiting up to 35 ms after a registry that starts in about 40.
      await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
    }
    throw new Error(`the registry did not answer GET /v2/ within ${READY_TIMEOUT_MS / 1000} s`);
  }

  /**
   * Whether the registry answers GET /v2/ at all (200, or 401 when it asks for auth). Not through
   * the client: the client's requests wait while a garbage collection runs, and this is how that
   * collection's restart learns the registry is back.
   */
  private async answers(): Promise<boolean> {
    try {
      const res = await this.readiness.request('GET', '/v2/', { timeoutMs: 1000 });
      return res.status === 200 || res.status === 401;
    } catch {
      return false;
    }
  }

  private describeExit(code: number | null, signal: NodeJS.Signals | null): string {
    const how = signal ? `killed by ${signal}` : `exited with code ${code}`;
    const detail = this.stderrTail.trim().split('\n').at(-1);
    return detail ? `registry ${how}: ${detail}` : `registry ${how}`;
  }
}
