import type { EventEmitter } from 'node:events';
import type { RegistryClient, RegistrySettings } from '../registry/index.ts';
import type { TrafficEntry } from '../recorder/index.ts';
import type { SessionHost } from '../sandbox/index.ts';

export type { RunResult, SessionHost } from '../sandbox/index.ts';

export type SessionState = 'starting' | 'ready' | 'failed' | 'closed';

/**
 * Events on Session.events:
 *  'state'   (state: SessionState)       the session changed state
 *  'traffic' (entry: TrafficEntry)       the recorder saw an exchange
 *  'activity' ()                         the learner did something (keeps the idle timer from firing)
 *  'reset'   ()                          the lesson was reset: fresh registry, homes and fixtures
 *  'expiring' ({ expiresAt })            the session ends soon
 * Other subsystems may emit their own (e.g. 'tasks').
 */
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
  readonly events: EventEmitter;
  host(name: string): SessionHost;
  /**
   * Gives the registry the lesson's auth, deletion and garbage-collection settings (restarting it on
   * empty storage when they differ), with the token realm and the learner's credentials that go with them.
   */
  configureRegistry?(settings: RegistrySettings): Promise<void>;
  traffic(): TrafficEntry[];
  touch(): void;
}
