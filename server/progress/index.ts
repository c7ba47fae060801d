/**
 * The progress store: learners, sessions (and the node holding each), task results with
 * first-passed time and attempt counts, an event log, and the lab nodes' heartbeats. What a learner
 * earned survives a server restart, and in a cluster the loss of the node they were on.
 *
 * Two backends behind one interface: SQLite in the data directory (one machine, the default) and
 * PostgreSQL when LAB_DATABASE_URL is set (several nodes sharing one store). Each applies its own
 * numbered migrations (migrations/ and migrations-postgres/, the same tables), once each, in order.
 */
import { openPostgresBackend } from './postgres.ts';
import { openSqliteBackend } from './sqlite.ts';
import type { LearnerFacts, StoreBackend, TaskWrite } from './types.ts';

export type { ClosedSession } from './types.ts';

/** A task counts as "stuck" after this many failed checks in a row, or this long without passing. */
const STUCK_FAILURES = 3;
const STUCK_AFTER_MS = 10 * 60_000;
const ROSTER_LIMIT = 500;
/** Task statuses a check records nothing for (`restoring`: the lab is replaying an earlier session's pass). */
const NO_OUTCOME = new Set(['blocked', 'pending', 'restoring']);

export interface TaskOutcome {
  id: string;
  status: string;
  message?: string | undefined;
  hint?: string | undefined;
}

export interface RosterEntry {
  learnerId: string;
  name: string | null;
  lesson: string | null;
  task: string | null;
  onTaskSinceMs: number | null;
  failedChecks: number;
  stuck: boolean;
  passedTasks: number;
  /** Tasks of the current lesson whose solution the learner had typed for them ("Show me"). */
  shownTasks: string[];
  /** The lab node holding the learner's open session, and its id, if they have one. */
  node: string | null;
  sessionId: string | null;
}

export interface ProgressStoreOptions {
  /** SQLite's directory (progress.sqlite), used when there is no databaseUrl. */
  dataDir: string;
  /** postgres://… (LAB_DATABASE_URL): the store shared by every node of a cluster. */
  databaseUrl?: string | undefined;
  /** Told when an idle PostgreSQL connection fails (the pool drops it and opens another when needed); without it such an error is thrown. */
  onConnectionError?: (error: Error) => void;
}

/** What the learner saw for a task (message and hint), or null: a new hint over the same message is a new attempt. */
function seenText(task: TaskOutcome): string | null {
  if (task.message === undefined && task.hint === undefined) return null;
  return `${task.message ?? ''}${task.hint ? `\nHint: ${task.hint}` : ''}`;
}

/**
 * Who is where: the task a learner is on (the one failing most recently, else the first one not
 * passed in lesson order), how long since they last made progress, and whether they look stuck.
 * Only a learner with an open session (`working`) can be stuck: one who left is not waiting for help.
 */
function rosterEntry(facts: LearnerFacts, taskOrder: (lesson: string) => string[], working: Working, now: number): RosterEntry {
  const entry = { learnerId: facts.id, name: facts.name, lesson: facts.lesson, passedTasks: facts.passedTasks, shownTasks: facts.shownTasks, node: facts.node, sessionId: facts.sessionId };
  if (!facts.lesson) return { ...entry, task: null, onTaskSinceMs: null, failedChecks: 0, stuck: false };
  const passed = new Set(facts.results.filter((row) => row.status === 'passed').map((row) => row.task));
  const task = facts.results.find((row) => row.status === 'failed')?.task ?? taskOrder(facts.lesson).find((id) => !passed.has(id)) ?? null;
  if (task === null) return { ...entry, task, onTaskSinceMs: null, failedChecks: 0, stuck: false };
  const since = now - (facts.lastProgressAt ?? now);
  const row = facts.results.find((result) => result.task === task);
  return { ...entry, task, onTaskSinceMs: since, failedChecks: row?.attempts ?? 0, stuck: working(facts.id, facts.node) && ((row?.failedStreak ?? 0) >= STUCK_FAILURES || since >= STUCK_AFTER_MS) };
}

/** Whether a learner has a session open now: on this node, or (given the node the store says holds it) on another. */
type Working = (learnerId: string, node: string | null) => boolean;

function storeOver(backend: StoreBackend) {
  return {
    /** `sqlite` or `postgres`. */
    kind: backend.kind,
    upsertLearner: (id: string, name: string | null = null) => backend.upsertLearner(id, name),
    recordSessionStart: (sessionId: string, learnerId: string, lesson: string, nodeId: string | null = null) => backend.recordSessionStart(sessionId, learnerId, lesson, nodeId),
    recordSessionEnd: (sessionId: string, learnerId: string, reason: string) => backend.recordSessionEnd(sessionId, learnerId, reason),
    /**
     * Stores a check's outcome: a failure with a new message or hint counts as one more attempt; a pass is kept.
     * Blocked, pending and restoring (being replayed from an earlier session) are no outcome: nothing is written for them.
     */
    recordCheck(learnerId: string, sessionId: string, lesson: string, tasks: TaskOutcome[]): Promise<void> {
      const writes: TaskWrite[] = tasks.filter((task) => !NO_OUTCOME.has(task.status)).map((task) => ({ task: task.id, status: task.status, message: seenText(task) }));
      return backend.recordCheck(learnerId, sessionId, lesson, writes, JSON.stringify({ lesson, tasks: tasks.map((t) => ({ id: t.id, status: t.status })) }));
    },
    /** The learner had a task's solution part typed for them ("Show me"): the roster shows it. */
    recordShown: (learnerId: string, sessionId: string, lesson: string, task: string) => backend.recordShown(learnerId, sessionId, lesson, task),
    /** The display name a learner joined the workshop with, or null. */
    learnerName: (learnerId: string) => backend.learnerName(learnerId),
    async passedTasks(learnerId: string, lesson: string): Promise<Set<string>> {
      return new Set(await backend.passedTasks(learnerId, lesson));
    },
    async progress(learnerId: string): Promise<{ lessons: { id: string; tasks: { id: string; status: string }[] }[] }> {
      const lessons = new Map<string, { id: string; status: string }[]>();
      for (const row of await backend.results(learnerId)) lessons.set(row.lesson, [...(lessons.get(row.lesson) ?? []), { id: row.task, status: row.status }]);
      return { lessons: [...lessons].map(([id, tasks]) => ({ id, tasks })) };
    },
    /** The latest lesson of every learner seen (the 500 seen most recently) and where they are in it; `taskOrder` gives a lesson's task ids in order. */
    async roster(taskOrder: (lesson: string) => string[], working: Working = () => true): Promise<RosterEntry[]> {
      const now = Date.now();
      return (await backend.rosterFacts(ROSTER_LIMIT)).map((facts) => rosterEntry(facts, taskOrder, working, now));
    },
    lessonCompletion: () => backend.lessonCompletion(),
    registerNode: (id: string, url: string) => backend.registerNode(id, url),
    heartbeat: (id: string) => backend.heartbeat(id),
    closeSessionsOfNode: (nodeId: string, reason: string) => backend.closeSessionsOfNode(nodeId, reason),
    closeSessionsOfStaleNodes: (staleBefore: number, reason: string) => backend.closeSessionsOfStaleNodes(staleBefore, reason),
    nodes: () => backend.nodes(),
    sessionNode: (sessionId: string) => backend.sessionNode(sessionId),
    openSessionsByNode: () => backend.openSessionsByNode(),
    close: () => backend.close(),
  };
}

export type ProgressStore = ReturnType<typeof storeOver>;

/** Opens (and migrates) PostgreSQL when a database URL is given, else SQLite in the data directory. */
export async function openProgressStore(options: ProgressStoreOptions): Promise<ProgressStore> {
  // Thrown from pg's pool 'error' event it would be an uncaught exception: report it instead.
  const onConnectionError = options.onConnectionError ?? ((error: Error) => console.error(`progress store: database connection error: ${error.message}`));
  return storeOver(options.databaseUrl ? await openPostgresBackend(options.databaseUrl, onConnectionError) : openSqliteBackend(options.dataDir));
}
