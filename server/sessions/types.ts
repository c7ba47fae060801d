import type { EventEmitter } from 'node:events';
import type { RegistryClient, RegistrySettings } from '../registry/index.ts';
import type { TrafficEntry } from '../recorder/index.ts';
import type { SessionHost } from '../sandbox/index.ts';
import type { SessionState, TaskList } from '../wire/index.ts';

export type { RunResult, SessionHost } from '../sandbox/index.ts';

export type { SessionState };

/**
 * Events on Session.events, the one list of them: who emits each and who listens. A new event is
 * added here first; the compiler then holds every emit and listener to its arguments.
 */
export type SessionEvents = {
  /** The session changed state, or its expiry moved (extend). Sessions emit; the event stream, inspector and lesson runtime listen. */
  state: [state: SessionState];
  /** The recorder saw an exchange. The session emits; the event stream, inspector and lesson runtime listen. */
  traffic: [entry: TrafficEntry];
  /** The lesson was reset: fresh registry, homes and fixtures. The manager emits; the event stream and inspector listen. */
  reset: [];
  /** The session ends soon. The manager's sweep emits; the event stream listens. */
  expiring: [warning: { expiresAt: string }];
  /** Task states changed after a check. The lesson engine emits; the event stream and the progress store (lab.ts) listen. */
  tasks: [update: TaskList];
  /** A browser opened (watching) or closed (unwatched) the session's event stream; the lesson runtime checks while one is open. */
  watching: [];
  unwatched: [];
};

/**
 * Events of the SessionManager. It emits; lab.ts listens (lesson watching, progress, metrics, terminals).
 * `kind` of failed says which step failed: the start, a reset, or the registry process later.
 */
export type SessionManagerEvents = {
  created: [session: Session];
  ready: [session: Session, ms: number];
  closed: [session: Session, reason: string];
  failed: [session: Session, reason: string, kind: 'start' | 'reset' | 'registry'];
};

export interface Session {
  readonly id: string;
  readonly learnerId: string;
  readonly lesson: string | null;
  readonly hostNames: string[];
  readonly state: SessionState;
  /** Why the session failed, in words a learner can read. */
  readonly failure: string | undefined;
  readonly createdAt: number;
  readonly expiresAt: number;
  /** Seed for this learner's fixtures: differs between learners and sessions. */
  readonly seed: string;
  /** Client bound to the registry's own socket (not recorded in the traffic panel). */
  readonly registry: RegistryClient;
  /** Host-side path of the registry's storage (read-only at /var/lib/registry in the sandboxes). */
  readonly registryStorageDir: string;
  readonly events: EventEmitter<SessionEvents>;
  host(name: string): SessionHost;
  /**
   * Gives the registry the lesson's auth, deletion and garbage-collection settings (restarting it on
   * empty storage when they differ), with the token realm and the learner's credentials that go with them.
   */
  configureRegistry?(settings: RegistrySettings): Promise<void>;
  traffic(): TrafficEntry[];
  touch(): void;
}
