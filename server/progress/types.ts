/** What each storage backend (SQLite, PostgreSQL) implements; the readings built on top are shared in index.ts. */

/** One task's outcome as stored: `message` is what the learner saw (message and hint), or null. */
export interface TaskWrite {
  task: string;
  status: string;
  message: string | null;
}

export interface ResultRow {
  task: string;
  status: string;
  failedStreak: number;
  attempts: number;
  updatedAt: number;
}

/** Everything the roster needs about one learner, read in one go. */
export interface LearnerFacts {
  id: string;
  name: string | null;
  /** The lesson of their latest session. */
  lesson: string | null;
  /** The node holding their latest open session, and that session's id, if any. */
  node: string | null;
  sessionId: string | null;
  passedTasks: number;
  shownTasks: string[];
  /** Their results in `lesson`, most recently changed first. */
  results: ResultRow[];
  /** The latest first pass or session start in `lesson`. */
  lastProgressAt: number | null;
}

export interface NodeRecord {
  id: string;
  url: string;
  startedAt: number;
  heartbeatAt: number;
}

export interface ClosedSession {
  sessionId: string;
  learnerId: string;
  nodeId: string;
}

export interface StoreBackend {
  kind: 'sqlite' | 'postgres';
  upsertLearner(id: string, name: string | null): Promise<void>;
  recordSessionStart(sessionId: string, learnerId: string, lesson: string, nodeId: string | null): Promise<void>;
  recordSessionEnd(sessionId: string, learnerId: string, reason: string): Promise<void>;
  /** Stores the writes and one `check` event with `payload`, atomically. */
  recordCheck(learnerId: string, sessionId: string, lesson: string, writes: TaskWrite[], payload: string): Promise<void>;
  recordShown(learnerId: string, sessionId: string, lesson: string, task: string): Promise<void>;
  learnerName(learnerId: string): Promise<string | null>;
  passedTasks(learnerId: string, lesson: string): Promise<string[]>;
  /** Every stored result of a learner, ordered by lesson then task. */
  results(learnerId: string): Promise<{ lesson: string; task: string; status: string }[]>;
  /** The most recently seen learners, newest first. */
  rosterFacts(limit: number): Promise<LearnerFacts[]>;
  lessonCompletion(): Promise<{ lesson: string; started: number; passedTasks: number }[]>;
  /** A node starting: its row is created or renewed, with a fresh heartbeat. */
  registerNode(id: string, url: string): Promise<void>;
  heartbeat(id: string): Promise<void>;
  /** Start-up cleanup: the node's sessions left open by its previous run are closed with `reason`. */
  closeSessionsOfNode(nodeId: string, reason: string): Promise<ClosedSession[]>;
  /** Sessions held by nodes whose last heartbeat is older than `staleBefore` (ms since the epoch) are closed with `reason`. */
  closeSessionsOfStaleNodes(staleBefore: number, reason: string): Promise<ClosedSession[]>;
  nodes(): Promise<NodeRecord[]>;
  /** The node holding an open session, with the URL it registered; undefined when the session is not open anywhere. */
  sessionNode(sessionId: string): Promise<{ nodeId: string; url: string } | undefined>;
  /** Open sessions per node, for cluster-wide counts. */
  openSessionsByNode(): Promise<{ node: string; sessions: number }[]>;
  close(): Promise<void>;
}
