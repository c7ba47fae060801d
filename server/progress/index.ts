/**
 * The progress store (SQLite, WAL): learners, sessions, task results with first-passed time and
 * attempt counts, and an event log. What a learner earned survives a server restart.
 * Migrations are the numbered SQL files beside this module, applied once each, in order.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
/** A task counts as "stuck" after this many failed checks in a row, or this long without passing. */
const STUCK_FAILURES = 3;
const STUCK_AFTER_MS = 10 * 60_000;

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
}

function migrate(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
  const applied = new Set((db.prepare('SELECT version FROM schema_version').all() as { version: number }[]).map((row) => row.version));
  for (const file of readdirSync(MIGRATIONS_DIR).filter((f) => /^\d+_.*\.sql$/.test(f)).sort()) {
    const version = Number(file.split('_')[0]);
    if (applied.has(version)) continue;
    db.transaction(() => {
      db.exec(readFileSync(path.join(MIGRATIONS_DIR, file), 'utf8'));
      db.prepare('INSERT INTO schema_version (version, applied_at) VALUES (?, ?)').run(version, Date.now());
    })();
  }
}

export function openProgressStore(dataDir: string) {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, 'progress.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  migrate(db);

  const upsertLearner = db.prepare('INSERT INTO learners (id, name, created_at, last_seen_at) VALUES (@id, @name, @now, @now) ON CONFLICT(id) DO UPDATE SET last_seen_at = @now, name = COALESCE(@name, name)');
  const insertEvent = db.prepare('INSERT INTO events (at, learner_id, session_id, kind, payload) VALUES (?, ?, ?, ?, ?)');
  const insertSession = db.prepare('INSERT INTO sessions (id, learner_id, lesson, started_at) VALUES (?, ?, ?, ?)');
  const endSession = db.prepare('UPDATE sessions SET ended_at = ?, end_reason = ? WHERE id = ? AND ended_at IS NULL');
  const upsertResult = db.prepare(`
    INSERT INTO task_results (learner_id, lesson, task, status, first_passed_at, attempts, failed_streak, last_message, updated_at)
    VALUES (@learner, @lesson, @task, @status, CASE WHEN @status = 'passed' THEN @now END, CASE WHEN @status = 'failed' THEN 1 ELSE 0 END, CASE WHEN @status = 'failed' THEN 1 ELSE 0 END, @message, @now)
    ON CONFLICT(learner_id, lesson, task) DO UPDATE SET
      status = CASE WHEN task_results.status = 'passed' THEN 'passed' ELSE @status END,
      first_passed_at = COALESCE(task_results.first_passed_at, CASE WHEN @status = 'passed' THEN @now END),
      attempts = task_results.attempts + CASE WHEN @status = 'failed' AND (task_results.last_message IS NOT @message OR task_results.status != 'failed') THEN 1 ELSE 0 END,
      failed_streak = CASE WHEN @status = 'failed' THEN task_results.failed_streak + CASE WHEN task_results.last_message IS NOT @message OR task_results.status != 'failed' THEN 1 ELSE 0 END ELSE 0 END,
      last_message = @message,
      updated_at = CASE WHEN task_results.status = @status AND task_results.last_message IS @message THEN task_results.updated_at ELSE @now END`);
  const shownOf = db.prepare("SELECT DISTINCT json_extract(payload, '$.task') AS task FROM events WHERE learner_id = ? AND kind = 'shown' AND json_extract(payload, '$.lesson') = ? ORDER BY task");
  const resultsOf = db.prepare('SELECT lesson, task, status FROM task_results WHERE learner_id = ? ORDER BY lesson, task');

  return {
    upsertLearner(id: string, name: string | null = null): void {
      upsertLearner.run({ id, name, now: Date.now() });
    },
    recordSessionStart(sessionId: string, learnerId: string, lesson: string): void {
      const now = Date.now();
      db.transaction(() => {
        upsertLearner.run({ id: learnerId, name: null, now });
        insertSession.run(sessionId, learnerId, lesson, now);
        insertEvent.run(now, learnerId, sessionId, 'session-start', JSON.stringify({ lesson }));
      })();
    },
    recordSessionEnd(sessionId: string, learnerId: string, reason: string): void {
      const now = Date.now();
      endSession.run(now, reason, sessionId);
      insertEvent.run(now, learnerId, sessionId, 'session-end', JSON.stringify({ reason }));
    },
    /** Stores a check's outcome: a failure with a new message or hint counts as one more attempt; a pass is kept. */
    recordCheck(learnerId: string, sessionId: string, lesson: string, tasks: TaskOutcome[]): void {
      const now = Date.now();
      db.transaction(() => {
        for (const task of tasks) {
          if (task.status === 'blocked' || task.status === 'pending') continue;
          // The hint is part of what the learner saw: a new hint over the same message is a new attempt.
          const seen = task.message === undefined && task.hint === undefined ? null : `${task.message ?? ''}${task.hint ? `\nHint: ${task.hint}` : ''}`;
          upsertResult.run({ learner: learnerId, lesson, task: task.id, status: task.status, message: seen, now });
        }
        insertEvent.run(now, learnerId, sessionId, 'check', JSON.stringify({ lesson, tasks: tasks.map((t) => ({ id: t.id, status: t.status })) }));
      })();
    },
    /** The learner had a task's solution part typed for them ("Show me"): the roster shows it. */
    recordShown(learnerId: string, sessionId: string, lesson: string, task: string): void {
      insertEvent.run(Date.now(), learnerId, sessionId, 'shown', JSON.stringify({ lesson, task }));
    },
    /** The display name a learner joined the workshop with, or null. */
    learnerName(learnerId: string): string | null {
      return (db.prepare('SELECT name FROM learners WHERE id = ?').get(learnerId) as { name: string | null } | undefined)?.name ?? null;
    },
    passedTasks(learnerId: string, lesson: string): Set<string> {
      const rows = db.prepare("SELECT task FROM task_results WHERE learner_id = ? AND lesson = ? AND status = 'passed'").all(learnerId, lesson) as { task: string }[];
      return new Set(rows.map((row) => row.task));
    },
    progress(learnerId: string): { lessons: { id: string; tasks: { id: string; status: string }[] }[] } {
      const lessons = new Map<string, { id: string; status: string }[]>();
      for (const row of resultsOf.all(learnerId) as { lesson: string; task: string; status: string }[]) {
        lessons.set(row.lesson, [...(lessons.get(row.lesson) ?? []), { id: row.task, status: row.status }]);
      }
      return { lessons: [...lessons].map(([id, tasks]) => ({ id, tasks })) };
    },
    /**
     * Who is where: the latest lesson of every learner seen, the task they are on (the one failing most
     * recently, else the first one not passed in lesson order), how long since they last made progress,
     * and whether they look stuck. `taskOrder` gives a lesson's task ids in order. Only a learner
     * with an open session (`working`) can be stuck: one who left is not waiting for help.
     */
    roster(taskOrder: (lesson: string) => string[], working: (learnerId: string) => boolean = () => true): RosterEntry[] {
      const now = Date.now();
      const learners = db.prepare('SELECT l.id, l.name, (SELECT lesson FROM sessions s WHERE s.learner_id = l.id ORDER BY started_at DESC LIMIT 1) AS lesson FROM learners l ORDER BY l.last_seen_at DESC LIMIT 500').all() as { id: string; name: string | null; lesson: string | null }[];
      return learners.map((learner) => {
        const passedTasks = (db.prepare("SELECT COUNT(*) AS n FROM task_results WHERE learner_id = ? AND status = 'passed'").get(learner.id) as { n: number }).n;
        const shownTasks = learner.lesson ? (shownOf.all(learner.id, learner.lesson) as { task: string }[]).map((row) => row.task) : [];
        const entry = { learnerId: learner.id, name: learner.name, lesson: learner.lesson, passedTasks, shownTasks };
        if (!learner.lesson) return { ...entry, task: null, onTaskSinceMs: null, failedChecks: 0, stuck: false };
        const results = db.prepare('SELECT task, status, failed_streak, attempts, updated_at FROM task_results WHERE learner_id = ? AND lesson = ? ORDER BY updated_at DESC').all(learner.id, learner.lesson) as { task: string; status: string; failed_streak: number; attempts: number; updated_at: number }[];
        const passed = new Set(results.filter((row) => row.status === 'passed').map((row) => row.task));
        const task = results.find((row) => row.status === 'failed')?.task ?? taskOrder(learner.lesson).find((id) => !passed.has(id)) ?? null;
        if (task === null) return { ...entry, task, onTaskSinceMs: null, failedChecks: 0, stuck: false };
        const lastProgress = db.prepare('SELECT MAX(at) AS at FROM (SELECT MAX(first_passed_at) AS at FROM task_results WHERE learner_id = @learner AND lesson = @lesson UNION ALL SELECT MAX(started_at) FROM sessions WHERE learner_id = @learner AND lesson = @lesson)').get({ learner: learner.id, lesson: learner.lesson }) as { at: number | null };
        const since = now - (lastProgress.at ?? now);
        const row = results.find((result) => result.task === task);
        return { ...entry, task, onTaskSinceMs: since, failedChecks: row?.attempts ?? 0, stuck: working(learner.id) && ((row?.failed_streak ?? 0) >= STUCK_FAILURES || since >= STUCK_AFTER_MS) };
      });
    },
    lessonCompletion(): { lesson: string; started: number; passedTasks: number }[] {
      return db.prepare("SELECT s.lesson AS lesson, COUNT(DISTINCT s.learner_id) AS started, (SELECT COUNT(*) FROM task_results t WHERE t.lesson = s.lesson AND t.status = 'passed') AS passedTasks FROM sessions s GROUP BY s.lesson ORDER BY s.lesson").all() as { lesson: string; started: number; passedTasks: number }[];
    },
    close(): void {
      db.close();
    },
  };
}

export type ProgressStore = ReturnType<typeof openProgressStore>;
