/** One learner session: its registry process, traffic recorder and sandboxed hosts. */
import { EventEmitter } from 'node:events';
import path from 'node:path';
import type { IPty } from 'node-pty';
import type { ManagedHost } from '../sandbox/index.ts';
import type { LabService, RegistryClient, RegistryProcess, RegistrySettings } from '../registry/index.ts';
import type { TrafficEntry, TrafficRecorder } from '../recorder/index.ts';
import type { SessionInfo } from '../wire/index.ts';
import type { Session, SessionEvents, SessionState } from './types.ts';

export interface SessionParts {
  id: string;
  learnerId: string;
  lesson: string | null;
  hostNames: string[];
  seed: string;
  dir: string;
  /** How long it lives from its creation (before extensions). */
  ttlMs: number;
  /** The registry's process; LabSession.registry is the client bound to its socket. */
  registryProcess: RegistryProcess;
  recorder: TrafficRecorder;
  /** See Session.configureRegistry: the manager's, which knows the session's directories and uid. */
  configureRegistry: (session: LabSession, settings: RegistrySettings) => Promise<void>;
}

/** Foreground process names of a terminal waiting at its prompt. */
const IDLE_SHELLS = new Set(['bash', '-bash', 'sh', '-sh']);

export class LabSession implements Session {
  readonly id: string;
  readonly learnerId: string;
  readonly lesson: string | null;
  readonly hostNames: string[];
  readonly seed: string;
  readonly dir: string;
  readonly createdAt = Date.now();
  readonly events = new EventEmitter<SessionEvents>();
  readonly hosts = new Map<string, ManagedHost>();
  readonly registryProcess: RegistryProcess;
  readonly recorder: TrafficRecorder;
  /** The token realm and garbage collection at localhost:5001, when the lesson's registry has them. */
  labService: LabService | undefined;
  private readonly configure: SessionParts['configureRegistry'];
  expiresAt: number;
  lastActivity = Date.now();
  expiryWarned = false;
  private currentState: SessionState = 'starting';
  private failureReason: string | undefined;
  private readonly ptys = new Map<string, IPty>();

  constructor(parts: SessionParts) {
    this.id = parts.id;
    this.learnerId = parts.learnerId;
    this.lesson = parts.lesson;
    this.hostNames = parts.hostNames;
    this.seed = parts.seed;
    this.dir = parts.dir;
    // From createdAt itself: the extension limit is counted from it, and a millisecond apart would leave room for one more extension.
    this.expiresAt = this.createdAt + parts.ttlMs;
    this.registryProcess = parts.registryProcess;
    this.recorder = parts.recorder;
    this.configure = parts.configureRegistry;
    this.events.setMaxListeners(100);
    this.recorder.on('exchange', (entry) => {
      this.touch();
      this.events.emit('traffic', entry);
    });
  }

  get state(): SessionState {
    return this.currentState;
  }

  get failure(): string | undefined {
    return this.failureReason;
  }

  get registry(): RegistryClient {
    return this.registryProcess.client;
  }

  get registryStorageDir(): string {
    return this.registryProcess.storageDir;
  }

  configureRegistry(settings: RegistrySettings): Promise<void> {
    return this.configure(this, settings);
  }

  host(name: string): ManagedHost {
    const host = this.hosts.get(name);
    if (!host) throw new Error(`session ${this.id} has no host ${JSON.stringify(name)}`);
    return host;
  }

  traffic(): TrafficEntry[] {
    return this.recorder.list();
  }

  /** Remembers a host's interactive terminal, so that `runningCommands` can tell whether it is busy. */
  trackPty(host: string, pty: IPty): void {
    this.ptys.set(host, pty);
    pty.onExit(() => {
      if (this.ptys.get(host) === pty) this.ptys.delete(host);
    });
  }

  /**
   * What the learner's terminals are running in the foreground, other than their shell: a session
   * whose terminal runs a command is busy and is not ended without asking.
   */
  runningCommands(): { host: string; command: string }[] {
    const running: { host: string; command: string }[] = [];
    for (const [host, pty] of this.ptys) {
      let command: string;
      try {
        command = path.basename(pty.process);
      } catch {
        continue;
      }
      if (!IDLE_SHELLS.has(command)) running.push({ host, command });
    }
    return running;
  }

  touch(): void {
    this.lastActivity = Date.now();
  }

  setState(state: SessionState, failure?: string): void {
    if (this.currentState === state || this.currentState === 'closed') return;
    this.currentState = state;
    this.failureReason = failure;
    this.events.emit('state', state);
  }

  /** What GET /api/sessions/:id answers. */
  toJSON(): SessionInfo {
    return {
      id: this.id,
      lesson: this.lesson,
      hosts: this.hostNames,
      registry: 'localhost:5000',
      state: this.currentState,
      ...(this.failureReason ? { failure: this.failureReason } : {}),
      createdAt: new Date(this.createdAt).toISOString(),
      expiresAt: new Date(this.expiresAt).toISOString(),
    };
  }
}
