/**
 * The embedded backend (SQLite, WAL, better-sqlite3) for one machine. Its calls are synchronous;
 * they are wrapped in promises only to share the store interface with PostgreSQL, so every write
 * is done by the time the call returns, in call order.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { assembleRosterFacts, type LastProgressRow, type LearnerResultRow, lessonPairs, type RosterLearner, type ShownRow } from './roster-facts.ts';
import type { ClosedSession, NodeRecord, StoreBackend, TaskWrite } from './types.ts';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

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

export function openSqliteBackend(dataDir: string): StoreBackend {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, 'progress.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  migrate(db);

  const upsertLearner = db.prepare('INSERT INTO learners (id, name, created_at, last_seen_at) VALUES (@id, @name, @now, @now) ON CONFLICT(id) DO UPDATE SET last_seen_at = @now, name = COALESCE(@name, name)');
  const insertEvent = db.prepare('INSERT INTO events (at, learner_id, session_id, kind, payload) VALUES (?, ?, ?, ?, ?)');
  const insertSession = db.prepare('INSERT INTO sessions (id, learner_id, lesson, started_at, node_id) VALUES (?, ?, ?, ?, ?)');
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
  // The roster: the learners seen most recently, then what is per task for all of them at once (roster-facts.ts).
  const rosterLearners = db.prepare(`
    SELECT l.id, l.name,
      (SELECT lesson FROM sessions s WHERE s.learner_id = l.id ORDER BY started_at DESC LIMIT 1) AS lesson,
      (SELECT node_id FROM sessions s WHERE s.learner_id = l.id AND ended_at IS NULL ORDER BY started_at DESC LIMIT 1) AS node,
      (SELECT id FROM sessions s WHERE s.learner_id = l.id AND ended_at IS NULL ORDER BY started_at DESC LIMIT 1) AS sessionId,
      (SELECT COUNT(*) FROM task_results t WHERE t.learner_id = l.id AND t.status = 'passed') AS passedTasks
    FROM learners l ORDER BY l.last_seen_at DESC LIMIT ?`);
  const wantedPairs = "(SELECT json_extract(value, '$.learner') AS learner, json_extract(value, '$.lesson') AS lesson FROM json_each(?)) AS wanted";
  const rosterShown = db.prepare(`
    SELECT DISTINCT e.learner_id AS learnerId, json_extract(e.payload, '$.task') AS task
    FROM ${wantedPairs} JOIN events e ON e.learner_id = wanted.learner
    WHERE e.kind = 'shown' AND json_extract(e.payload, '$.lesson') = wanted.lesson
    ORDER BY learnerId, task`);
  // The tasks one check writes share their time: the task id breaks the tie, so both backends pick the same "most recently failed" task.
  const rosterResults = db.prepare(`
    SELECT t.learner_id AS learnerId, t.task, t.status, t.failed_streak AS failedStreak, t.attempts, t.updated_at AS updatedAt
    FROM ${wantedPairs} JOIN task_results t ON t.learner_id = wanted.learner AND t.lesson = wanted.lesson
    ORDER BY t.learner_id, t.updated_at DESC, t.task`);
  const rosterLastProgress = db.prepare(`
    SELECT wanted.learner AS learnerId,
      (SELECT MAX(at) FROM (SELECT MAX(first_passed_at) AS at FROM task_results WHERE learner_id = wanted.learner AND lesson = wanted.lesson
                            UNION ALL SELECT MAX(started_at) FROM sessions WHERE learner_id = wanted.learner AND lesson = wanted.lesson)) AS at
    FROM ${wantedPairs}`);
  const resultsOf = db.prepare('SELECT lesson, task, status FROM task_results WHERE learner_id = ? ORDER BY lesson, task');

  /** Ends every open session `where` picks (a SQL condition on `sessions`), with a session-end event each. */
  const closeWhere = (where: string, params: unknown[], reason: string): ClosedSession[] =>
    db.transaction(() => {
      const now = Date.now();
      const rows = db.prepare(`UPDATE sessions SET ended_at = ?, end_reason = ? WHERE ended_at IS NULL AND ${where} RETURNING id, learner_id, node_id`).all(now, reason, ...params) as { id: string; learner_id: string; node_id: string }[];
      for (const row of rows) insertEvent.run(now, row.learner_id, row.id, 'session-end', JSON.stringify({ reason }));
      return rows.map((row) => ({ sessionId: row.id, learnerId: row.learner_id, nodeId: row.node_id }));
    })();

  return {
    kind: 'sqlite',
    async upsertLearner(id, name) {
      upsertLearner.run({ id, name, now: Date.now() });
    },
    async recordSessionStart(sessionId, learnerId, lesson, nodeId) {
      const now = Date.now();
      db.transaction(() => {
        upsertLearner.run({ id: learnerId, name: null, now });
        insertSession.run(sessionId, learnerId, lesson, now, nodeId);
        insertEvent.run(now, learnerId, sessionId, 'session-start', JSON.stringify({ lesson, node: nodeId }));
      })();
    },
    async recordSessionEnd(sessionId, learnerId, reason) {
      const now = Date.now();
      endSession.run(now, reason, sessionId);
      insertEvent.run(now, learnerId, sessionId, 'session-end', JSON.stringify({ reason }));
    },
    async recordCheck(learnerId, sessionId, lesson, writes: TaskWrite[], payload) {
      const now = Date.now();
      db.transaction(() => {
        for (const write of writes) upsertResult.run({ learner: learnerId, lesson, task: write.task, status: write.status, message: write.message, now });
        insertEvent.run(now, learnerId, sessionId, 'check', payload);
      })();
    },
    async recordShown(learnerId, sessionId, lesson, task) {
      insertEvent.run(Date.now(), learnerId, sessionId, 'shown', JSON.stringify({ lesson, task }));
    },
    async learnerName(learnerId) {
      return (db.prepare('SELECT name FROM learners WHERE id = ?').get(learnerId) as { name: string | null } | undefined)?.name ?? null;
    },
    async passedTasks(learnerId, lesson) {
      const rows = db.prepare("SELECT task FROM task_results WHERE learner_id = ? AND lesson = ? AND status = 'passed'").all(learnerId, lesson) as { task: string }[];
      return rows.map((row) => row.task);
    },
    async results(learnerId) {
      return resultsOf.all(learnerId) as { lesson: string; task: string; status: string }[];
    },
    async rosterFacts(limit) {
      const learners = rosterLearners.all(limit) as RosterLearner[];
      // The (learner, lesson) pairs as one JSON array: json_each() turns it back into rows.
      const pairs = JSON.stringify(lessonPairs(learners));
      return assembleRosterFacts(learners, { shown: rosterShown.all(pairs) as ShownRow[], results: rosterResults.all(pairs) as LearnerResultRow[], lastProgress: rosterLastProgress.all(pairs) as LastProgressRow[] });
    },
    async lessonCompletion() {
      return db.prepare("SELECT s.lesson AS lesson, COUNT(DISTINCT s.learner_id) AS started, (SELECT COUNT(*) FROM task_results t WHERE t.lesson = s.lesson AND t.status = 'passed') AS passedTasks FROM sessions s GROUP BY s.lesson ORDER BY s.lesson").all() as { lesson: string; started: number; passedTasks: number }[];
    },
    async registerNode(id, url) {
      const now = Date.now();
      db.prepare('INSERT INTO nodes (id, url, started_at, heartbeat_at) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET url = excluded.url, started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at').run(id, url, now, now);
    },
    async heartbeat(id) {
      db.prepare('UPDATE nodes SET heartbeat_at = ? WHERE id = ?').run(Date.now(), id);
    },
    async closeSessionsOfNode(nodeId, reason) {
      return closeWhere('node_id = ?', [nodeId], reason);
    },
    async closeSessionsOfStaleNodes(staleBefore, reason) {
      return closeWhere('node_id IN (SELECT id FROM nodes WHERE heartbeat_at < ?)', [staleBefore], reason);
    },
    async nodes() {
      return db.prepare('SELECT id, url, started_at AS startedAt, heartbeat_at AS heartbeatAt FROM nodes ORDER BY id').all() as NodeRecord[];
    },
    async sessionNode(sessionId) {
      return db.prepare('SELECT s.node_id AS nodeId, n.url FROM sessions s JOIN nodes n ON n.id = s.node_id WHERE s.id = ? AND s.ended_at IS NULL').get(sessionId) as { nodeId: string; url: string } | undefined;
    },
    async openSessionsByNode() {
      return db.prepare('SELECT node_id AS node, COUNT(*) AS sessions FROM sessions WHERE ended_at IS NULL AND node_id IS NOT NULL GROUP BY node_id ORDER BY node_id').all() as { node: string; sessions: number }[];
    },
    async close() {
      db.close();
    },
  };
}
