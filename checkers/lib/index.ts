/**
 * The checker library (design §4.5): what a lesson's checker module gets and returns.
 * A checker reads the registry and the learner's files, never their shell history.
 */
import type { RegistryClient } from '../../server/registry/index.ts';
import type { TrafficEntry } from '../../server/recorder/index.ts';
import type { LearnerFiles } from './files.ts';
import type { CheckResult } from './results.ts';

export { pass, fail, notYet } from './results.ts';
export type { CheckResult } from './results.ts';
export { explainTraffic, closestName, isDigest, formBodyCause, isMultipart } from './hints.ts';
export { learnerFiles, readEvidence, FileRefused } from './files.ts';
export type { DirectoryEntry, LearnerFiles } from './files.ts';
export { MediaTypes, sha256 } from '../../server/registry/index.ts';
export { savedFiles, findNamed } from './saved-blobs.ts';
export { judgeRootfs } from './rootfs.ts';
export type { ExpectedRootfs } from './rootfs.ts';
export type { SavedFile } from './saved-blobs.ts';
export { blobArrivals, blobHeads, mountRequest } from './blob-arrivals.ts';
export type { BlobArrivals } from './blob-arrivals.ts';

export interface CheckContext<Fixtures> {
  /** A client bound to the session's registry (its requests do not show in the traffic panel). */
  registry: RegistryClient;
  /** What the lesson's setup.ts generated for this learner. */
  fixtures: Fixtures;
  /** Read-only, link-safe access to a host's home and /tmp. */
  files(host: string): LearnerFiles;
  /** The recorded exchanges between the learner's shells and the registry, oldest first. */
  traffic: TrafficEntry[];
}

export type TaskCheck<Fixtures> = (context: CheckContext<Fixtures>) => Promise<CheckResult>;

/** A checker module's default export: one check per task id of lesson.md. */
export type Checker<Fixtures> = Record<string, TaskCheck<Fixtures>>;

export function defineChecker<Fixtures>(checks: Checker<Fixtures>): Checker<Fixtures> {
  return checks;
}

/** "sha256:abcdef123456…" for messages. */
export function short(digest: string): string {
  return digest.length > 19 ? `${digest.slice(0, 19)}…` : digest;
}
