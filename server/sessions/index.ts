/**
 * Session manager: creates a learner's private registry, traffic recorder and sandboxed hosts,
 * watches their health, expires idle and old sessions, and tears everything down.
 * States: starting → ready → closed, or failed with a reason (design §4.2).
 */
import { createHash, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { chmodSync, chownSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LabConfig } from '../config/index.ts';
import type { Logger } from '../log/index.ts';
import { TrafficRecorder } from '../recorder/index.ts';
import { LabService, RegistryProcess, type RegistrySettings } from '../registry/index.ts';
import { runningAsRoot, writeEtcFiles, type SandboxDriver } from '../sandbox/index.ts';
import { AdmissionQueue, type QueuePlace } from './admission.ts';
export { SeatLimitError } from './admission.ts';
export { withoutPaths } from './public-reason.ts';
import { cleanLeftovers } from './cleanup.ts';
import { withoutPaths } from './public-reason.ts';
import { lockDataDir } from './lock.ts';
import { LabSession } from './session.ts';
import type { SessionManagerEvents } from './types.ts';

export type { Session, SessionEvents, SessionManagerEvents, SessionHost, SessionState, RunResult } from './types.ts';
export type { LabSession, QueuePlace };
export { DataDirLockedError } from './lock.ts';

/** How often a waiting learner asks again; missing a few of these in a row gives up the place. */
const QUEUE_POLL_SECONDS = 3;
const QUEUE_STALE_MS = 5 * QUEUE_POLL_SECONDS * 1000;

export class CapacityError extends Error {
  override name = 'CapacityError';
  readonly retryAfterSeconds = QUEUE_POLL_SECONDS;
  constructor(readonly place: QueuePlace) {
    super(`Every seat in this lab is taken. You are number ${place.position} in line; your session starts as soon as a seat frees up.`);
  }
}

export interface SessionManagerOptions {
  config: LabConfig;
  logger: Logger;
  driver: SandboxDriver;
  registryBin: string;
  /** Runs the lesson's setup before the session turns ready, and again after a reset. */
  prepare?: (session: LabSession, options: { reset: boolean }) => Promise<void>;
  /**
   * After a fresh start (not a reset) has turned ready, in the background: create() does not wait
   * for it (e.g. bringing back a returning learner's earlier work while they may already type).
   */
  afterReady?: (session: LabSession) => Promise<void>;
  /**
   * The lesson's registry settings when known up front, so that its registry starts with them at
   * once; the lesson's setup confirms them with configureRegistry, which then has nothing to restart.
   */
  registrySettings?: (lesson: string | null) => RegistrySettings | undefined;
}

export interface CreateSessionRequest {
  learnerId: string;
  /** Who asked (see api/client-address.ts); seats are budgeted per address. */
  clientAddress?: string;
  lesson: string | null;
  hosts: string[];
}

const SWEEP_INTERVAL_MS = 5_000;
const EXPIRY_WARNING_MS = 5 * 60_000;
const SESSION_ID = /^[a-f0-9]{24}$/;

/** Its events are SessionManagerEvents (types.ts). */
export class SessionManager extends EventEmitter<SessionManagerEvents> {
  private readonly sessions = new Map<string, LabSession>();
  private readonly freeSlots: number[] = [];
  private readonly slotOf = new Map<string, number>();
  private readonly queue: AdmissionQueue;
  private readonly sessionsDir: string;
  private readonly etcDir: string;
  private readonly asRoot = runningAsRoot();
  private sweepTimer: NodeJS.Timeout | undefined;
  /** The reset running (or next) per session; see oneResetAtATime. */
  private readonly resets = new Map<string, { wipeHosts: boolean; done: Promise<void> }>();
  private releaseLock: (() => void) | undefined;

  constructor(private readonly options: SessionManagerOptions) {
    super();
    this.sessionsDir = path.join(options.config.dataDir, 'sessions');
    this.etcDir = path.join(options.config.dataDir, 'etc');
    for (let slot = options.config.maxSessions - 1; slot >= 0; slot--) this.freeSlots.push(slot);
    this.queue = new AdmissionQueue(QUEUE_STALE_MS, { perAddress: options.config.sessionsPerAddress, maxLine: Math.max(100, 10 * options.config.maxSessions) });
  }

  /**
   * Takes the data directory's lock (a second server on it would kill this one's learners), cleans
   * a crashed run's leftovers and prepares the directory. Throws DataDirLockedError when taken.
   */
  async init(): Promise<void> {
    mkdirSync(this.options.config.dataDir, { recursive: true });
    this.releaseLock = lockDataDir(this.options.config.dataDir);
    const cleaned = await cleanLeftovers(this.sessionsDir);
    if (cleaned.processes || cleaned.mounts) this.options.logger.warn({ event: 'leftovers-cleaned', ...cleaned }, 'cleaned up after a previous run');
    mkdirSync(this.sessionsDir, { recursive: true, mode: 0o711 });
    chmodSync(this.options.config.dataDir, 0o711);
    chmodSync(this.sessionsDir, 0o711);
    writeEtcFiles(this.etcDir);
    this.sweepTimer = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS);
    this.sweepTimer.unref();
  }

  get active(): number {
    return this.sessions.size;
  }

  get capacity(): number {
    return this.options.config.maxSessions;
  }

  /** Learners waiting for a seat. */
  get queued(): number {
    return this.queue.length;
  }

  get(id: string): LabSession | undefined {
    return SESSION_ID.test(id) ? this.sessions.get(id) : undefined;
  }

  list(): LabSession[] {
    return [...this.sessions.values()];
  }

  forLearner(learnerId: string): LabSession[] {
    return this.list().filter((session) => session.learnerId === learnerId);
  }

  /**
   * Starts a session and resolves once it is ready (afterReady then runs on in the background); a
   * failure leaves it in state `failed`. When every seat is taken it throws a CapacityError that
   * says the learner's place in line.
   */
  async create(request: CreateSessionRequest): Promise<LabSession> {
    const admission = this.queue.request(request.learnerId, this.freeSlots.length, request.clientAddress);
    if (!admission.admitted) throw new CapacityError({ position: admission.position, length: admission.length });
    const slot = this.freeSlots.pop()!;
    const session = this.assemble(request, slot);
    this.sessions.set(session.id, session);
    this.slotOf.set(session.id, slot);
    this.queue.seated(session.id, request.clientAddress);
    this.emit('created', session);
    const started = Date.now();
    try {
      await this.start(session);
      session.setState('ready');
      this.options.logger.info({ event: 'session-ready', session: session.id, lesson: session.lesson, ms: Date.now() - started }, 'session ready');
      this.emit('ready', session, Date.now() - started);
    } catch (error) {
      this.fail(session, `the session could not start: ${(error as Error).message}`, 'start');
      return session;
    }
    this.options.afterReady?.(session).catch((error: unknown) => {
      this.options.logger.warn({ event: 'after-ready-failed', session: session.id, err: (error as Error).message }, 'a ready session could not be brought back to earlier progress');
    });
    return session;
  }

  /** Fresh registry, fresh homes, the lesson's setup again. */
  reset(session: LabSession): Promise<void> {
    return this.oneResetAtATime(session, { wipeHosts: true });
  }

  /**
   * Puts the registry and the fixtures back as the lesson's setup makes them, without touching the
   * learner's shells: their history, variables and running terminals stay, and so do files of
   * their own beside the fixtures.
   */
  resetRegistry(session: LabSession): Promise<void> {
    return this.oneResetAtATime(session, { wipeHosts: false });
  }

  /**
   * Resets of one session never overlap (two at once removed each other's registry storage): one
   * asked for while another runs shares it, unless it asks for more (a full reset after a
   * registry-only one), which then runs next. At most two per session are ever in flight.
   */
  private oneResetAtATime(session: LabSession, how: { wipeHosts: boolean }): Promise<void> {
    const running = this.resets.get(session.id);
    if (running && (running.wipeHosts || !how.wipeHosts)) return running.done;
    // Started at once when nothing runs, so the session is `starting` before the caller goes on.
    const start = () => this.resetNow(session, how);
    const done: Promise<void> = (running ? running.done.then(start) : start()).finally(() => {
      if (this.resets.get(session.id)?.done === done) this.resets.delete(session.id);
    });
    this.resets.set(session.id, { wipeHosts: how.wipeHosts, done });
    return done;
  }

  private async resetNow(session: LabSession, { wipeHosts }: { wipeHosts: boolean }): Promise<void> {
    session.setState('starting');
    try {
      if (wipeHosts) await Promise.all([...session.hosts.values()].map((host) => host.wipe()));
      session.recorder.clear();
      await session.registryProcess.restartEmpty();
      await this.options.prepare?.(session, { reset: true });
      session.events.emit('reset');
      session.setState('ready');
    } catch (error) {
      this.fail(session, `the lesson could not be reset: ${(error as Error).message}`, 'reset');
    }
  }

  /** Stops every process of the session and removes all of its files. */
  async close(session: LabSession, reason: string): Promise<void> {
    if (!this.sessions.has(session.id)) return;
    this.sessions.delete(session.id);
    session.setState('closed');
    // Every step runs even when an earlier one throws: a half-torn-down session still frees its seat,
    // and a teardown error is logged, never an unhandled rejection that ends the server.
    await Promise.all([...session.hosts.values()].map((host) => this.teardownStep(session, () => host.destroy())));
    await this.teardownStep(session, () => session.recorder.close());
    if (session.labService) await this.teardownStep(session, () => session.labService!.close());
    await this.teardownStep(session, () => session.registryProcess.destroy());
    await this.teardownStep(session, () => cleanLeftovers(session.dir));
    const slot = this.slotOf.get(session.id);
    this.slotOf.delete(session.id);
    this.queue.released(session.id);
    if (slot !== undefined) this.freeSlots.push(slot);
    this.options.logger.info({ event: 'session-closed', session: session.id, reason }, 'session closed');
    this.emit('closed', session, reason);
  }

  /**
   * Lets a session live longer, up to LAB_SESSION_MAX_TTL after it started. Returns false, changing
   * nothing, when it already runs until that limit. Extending is activity: the idle clock restarts.
   */
  extend(session: LabSession, byMs: number): boolean {
    const limit = session.createdAt + this.options.config.sessionMaxTtlMs;
    if (session.expiresAt >= limit) return false;
    session.expiresAt = Math.min(limit, Math.max(session.expiresAt, Date.now()) + byMs);
    session.expiryWarned = false;
    session.touch();
    session.events.emit('state', session.state);
    return true;
  }

  /** When a session reaches the end of its extensions. */
  maxExpiry(session: LabSession): number {
    return session.createdAt + this.options.config.sessionMaxTtlMs;
  }

  async shutdown(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    await Promise.all(this.list().map((session) => this.close(session, 'server stopping')));
    this.releaseLock?.();
    this.releaseLock = undefined;
  }

  private assemble(request: CreateSessionRequest, slot: number): LabSession {
    const { config } = this.options;
    const id = randomBytes(12).toString('hex');
    const dir = path.join(this.sessionsDir, id);
    const sandboxed = this.options.driver.kind === 'bwrap';
    const hostUid = this.hostUid(slot);
    const registry = new RegistryProcess({
      dir: path.join(dir, 'registry'),
      registryBin: this.options.registryBin,
      sandboxed,
      uid: hostUid === undefined ? undefined : hostUid + 1,
      readerGid: hostUid,
      diskMb: config.registryDiskMb,
      inodes: config.registryInodes,
      settings: this.options.registrySettings?.(request.lesson),
    });
    const recorder = new TrafficRecorder({
      listenSocket: path.join(dir, 'proxy', 'registry.sock'),
      registrySocket: registry.socketPath,
      ownerUid: hostUid,
      tcp: !sandboxed,
    });
    const seed = createHash('sha256').update(`${request.learnerId}:${request.lesson ?? ''}`).digest('hex').slice(0, 16);
    return new LabSession({ id, learnerId: request.learnerId, lesson: request.lesson, hostNames: request.hosts, seed, dir, ttlMs: config.sessionTtlMs, registryProcess: registry, recorder, configureRegistry: (session, settings) => this.configureRegistry(session, settings) });
  }

  /** As root, seat n runs its shells as uidBase + 2n and its registry as the uid after it. */
  private hostUid(slot: number): number | undefined {
    return this.asRoot ? this.options.config.uidBase + slot * 2 : undefined;
  }

  private async start(session: LabSession): Promise<void> {
    const hostUid = this.hostUid(this.slotOf.get(session.id)!);
    const proxyDir = path.join(session.dir, 'proxy');
    mkdirSync(proxyDir, { recursive: true, mode: 0o755 });
    chmodSync(session.dir, 0o711);
    await Promise.all([session.registryProcess.start(), session.recorder.start()]);
    await this.configureRegistry(session, session.registryProcess.settings);
    session.registryProcess.on('exit', (reason) => {
      this.options.logger.error({ event: 'registry-died', session: session.id, reason }, 'registry died');
      this.fail(session, `the registry stopped (${reason}); reset the lesson to start a new one`, 'registry');
    });
    const hosts = await Promise.all(
      session.hostNames.map((hostName) =>
        this.options.driver.createHost({
          sessionDir: session.dir,
          hostName,
          etcDir: this.etcDir,
          proxyDir,
          storageDir: session.registryStorageDir,
          uid: hostUid,
          registryAddress: session.recorder.address ?? 'localhost:5000',
        }),
      ),
    );
    hosts.forEach((host) => session.hosts.set(host.name, host));
    await this.options.prepare?.(session, { reset: false });
  }

  /**
   * The lesson's registry settings (see Session.configureRegistry). The lab's service at
   * localhost:5001 and the learner's credentials file are there only when the settings need them;
   * a sandbox's init forwards the port and exports the credentials when it finds them.
   */
  private async configureRegistry(session: LabSession, settings: RegistrySettings): Promise<void> {
    const registry = session.registryProcess;
    await registry.reconfigure(settings);
    const proxyDir = path.join(session.dir, 'proxy');
    const hostUid = this.hostUid(this.slotOf.get(session.id)!);
    const credentialsFile = path.join(proxyDir, 'lab.env');
    rmSync(credentialsFile, { force: true });
    if (settings.auth !== 'none') {
      // Both values are the lab's own (a word and base64url): single quotes are all the quoting they need.
      writeFileSync(credentialsFile, `REGISTRY_USER='${registry.learnerCredentials.user}'\nREGISTRY_PASSWORD='${registry.learnerCredentials.password}'\n`, { mode: 0o600 });
      if (hostUid !== undefined) chownSync(credentialsFile, hostUid, hostUid);
    }
    const needsService = settings.auth === 'token' || settings.gc;
    if (needsService && !session.labService) {
      const service = new LabService({
        listenSocket: path.join(proxyDir, 'lab.sock'),
        registry,
        ownerUid: hostUid,
        record: (exchange) => session.recorder.recordLab(exchange),
        onError: (error) => this.options.logger.error({ event: 'lab-service-error', session: session.id, err: error.message }, 'the lab service dropped a request'),
      });
      await service.start();
      session.labService = service;
    } else if (!needsService && session.labService) {
      await session.labService.close();
      session.labService = undefined;
    }
  }

  private fail(session: LabSession, reason: string, kind: 'start' | 'reset' | 'registry'): void {
    this.options.logger.warn({ event: 'session-failed', session: session.id, reason, kind }, 'session failed');
    const shown = withoutPaths(reason);
    session.setState('failed', shown);
    this.emit('failed', session, shown, kind);
  }

  private sweep(): void {
    const now = Date.now();
    for (const session of this.list()) {
      if (now >= session.expiresAt) this.closeFromSweep(session, 'lifetime reached');
      else if (now - session.lastActivity >= this.options.config.idleTimeoutMs) this.closeFromSweep(session, 'idle timeout');
      else if (!session.expiryWarned && session.expiresAt - now <= EXPIRY_WARNING_MS) {
        session.expiryWarned = true;
        session.events.emit('expiring', { expiresAt: new Date(session.expiresAt).toISOString() });
      }
    }
  }

  private closeFromSweep(session: LabSession, reason: string): void {
    this.close(session, reason).catch((error: Error) => this.logTeardownError(session, error));
  }

  private async teardownStep(session: LabSession, step: () => Promise<unknown>): Promise<void> {
    try {
      await step();
    } catch (error) {
      this.logTeardownError(session, error as Error);
    }
  }

  private logTeardownError(session: LabSession, error: Error): void {
    this.options.logger.error({ event: 'teardown-error', session: session.id, err: error.message }, 'teardown step failed');
  }
}
