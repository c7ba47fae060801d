/**
 * The shared backend (PostgreSQL, the `pg` driver) for several lab nodes: LAB_DATABASE_URL.
 * Writes from this node go through one queue, so they land in the order they were made (a check
 * never overtakes the session start that created its learner), and a read waits for this node's
 * queued writes, so a node reads what it wrote. Nodes starting together migrate one at a time (an
 * advisory lock held by the migrating transaction).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { assembleRosterFacts, type LastProgressRow, type LearnerResultRow, lessonPairs, type RosterLearner, type ShownRow } from './roster-facts.ts';
import type { ClosedSession, NodeRecord, StoreBackend } from './types.ts';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations-postgres');
/** Any constant both nodes agree on: the key of the advisory lock held while migrating. */
const MIGRATION_LOCK = 0x1ab5_0019;
const INT8_OID = 20;

/** Times and counts are BIGINT; every one of them fits a JavaScript number. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format ?? 'text'))) as typeof pg.types.getTypeParser,
};

async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

async function migrate(pool: pg.Pool): Promise<void> {
  await inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)');
    const applied = new Set((await client.query<{ version: number }>('SELECT version FROM schema_version')).rows.map((row) => row.version));
    for (const file of readdirSync(MIGRATIONS_DIR).filter((f) => /^\d+_.*\.sql$/.test(f)).sort()) {
      const version = Number(file.split('_')[0]);
      if (applied.has(version)) continue;
      await client.query(readFileSync(path.join(MIGRATIONS_DIR, file), 'utf8'));
      await client.query('INSERT INTO schema_version (version, applied_at) VALUES ($1, $2)', [version, Date.now()]);
    }
  });
}

const UPSERT_RESULT = `
  INSERT INTO task_results (learner_id, lesson, task, status, first_passed_at, attempts, failed_streak, last_message, updated_at)
  VALUES ($1, $2, $3, $4::text, CASE WHEN $4::text = 'passed' THEN $6::bigint END, CASE WHEN $4::text = 'failed' THEN 1 ELSE 0 END, CASE WHEN $4::text = 'failed' THEN 1 ELSE 0 END, $5::text, $6::bigint)
  ON CONFLICT (learner_id, lesson, task) DO UPDATE SET
    status = CASE WHEN task_results.status = 'passed' THEN 'passed' ELSE $4::text END,
    first_passed_at = COALESCE(task_results.first_passed_at, CASE WHEN $4::text = 'passed' THEN $6::bigint END),
    attempts = task_results.attempts + CASE WHEN $4::text = 'failed' AND (task_results.last_message IS DISTINCT FROM $5::text OR task_results.status != 'failed') THEN 1 ELSE 0 END,
    failed_streak = CASE WHEN $4::text = 'failed' THEN task_results.failed_streak + CASE WHEN task_results.last_message IS DISTINCT FROM $5::text OR task_results.status != 'failed' THEN 1 ELSE 0 END ELSE 0 END,
    last_message = $5::text,
    updated_at = CASE WHEN task_results.status = $4::text AND task_results.last_message IS NOT DISTINCT FROM $5::text THEN task_results.updated_at ELSE $6::bigint END`;
const UPSERT_LEARNER = 'INSERT INTO learners (id, name, created_at, last_seen_at) VALUES ($1, $2, $3, $3) ON CONFLICT (id) DO UPDATE SET last_seen_at = $3, name = COALESCE($2, learners.name)';
const INSERT_EVENT = 'INSERT INTO events (at, learner_id, session_id, kind, payload) VALUES ($1, $2, $3, $4, $5)';

/** The roster: the learners seen most recently, then what is per task for all of them at once (roster-facts.ts). */
const ROSTER_LEARNERS = `
  SELECT l.id, l.name,
    (SELECT lesson FROM sessions s WHERE s.learner_id = l.id ORDER BY started_at DESC LIMIT 1) AS lesson,
    (SELECT node_id FROM sessions s WHERE s.learner_id = l.id AND ended_at IS NULL ORDER BY started_at DESC LIMIT 1) AS node,
    (SELECT id FROM sessions s WHERE s.learner_id = l.id AND ended_at IS NULL ORDER BY started_at DESC LIMIT 1) AS "sessionId",
    (SELECT COUNT(*) FROM task_results t WHERE t.learner_id = l.id AND t.status = 'passed') AS "passedTasks"
  FROM learners l ORDER BY l.last_seen_at DESC LIMIT $1`;
const ROSTER_PAIRS = 'unnest($1::text[], $2::text[]) AS wanted(learner, lesson)';
const ROSTER_SHOWN = `
  SELECT DISTINCT e.learner_id AS "learnerId", e.payload::jsonb ->> 'task' AS task
  FROM ${ROSTER_PAIRS} JOIN events e ON e.learner_id = wanted.learner
  WHERE e.kind = 'shown' AND e.payload::jsonb ->> 'lesson' = wanted.lesson
  ORDER BY "learnerId", task`;
// The tasks one check writes share their time: the task id breaks the tie, so both backends pick the same "most recently failed" task.
const ROSTER_RESULTS = `
  SELECT t.learner_id AS "learnerId", t.task, t.status, t.failed_streak AS "failedStreak", t.attempts, t.updated_at AS "updatedAt"
  FROM ${ROSTER_PAIRS} JOIN task_results t ON t.learner_id = wanted.learner AND t.lesson = wanted.lesson
  ORDER BY t.learner_id, t.updated_at DESC, t.task`;
const ROSTER_LAST_PROGRESS = `
  SELECT wanted.learner AS "learnerId",
    (SELECT MAX(at) FROM (SELECT MAX(first_passed_at) AS at FROM task_results WHERE learner_id = wanted.learner AND lesson = wanted.lesson
                          UNION ALL SELECT MAX(started_at) FROM sessions WHERE learner_id = wanted.learner AND lesson = wanted.lesson) AS progress) AS at
  FROM ${ROSTER_PAIRS}`;

export async function openPostgresBackend(url: string, onIdleError: (error: Error) => void): Promise<StoreBackend> {
  // A store that stops answering must fail requests within seconds, not hold them (and their learners) forever.
  const pool = new pg.Pool({ connectionString: url, max: 8, types, application_name: 'registry-lab', connectionTimeoutMillis: 5_000, query_timeout: 10_000 });
  // A connection that dies while idle (the server restarted) is dropped from the pool; the next query opens another.
  pool.on('error', onIdleError);
  try {
    await migrate(pool);
  } catch (error) {
    await pool.end();
    throw new Error(`LAB_DATABASE_URL: cannot open the PostgreSQL store: ${(error as Error).message}`, { cause: error });
  }

  let queue: Promise<unknown> = Promise.resolve();
  /** Runs writes one after another, in the order they were asked for; a failed write fails its caller only. */
  const write = <T>(work: () => Promise<T>): Promise<T> => {
    const done = queue.then(work, work);
    queue = done.catch(() => undefined);
    return done;
  };
  const read = async <T>(work: () => Promise<T>): Promise<T> => {
    await queue;
    return work();
  };
  const rows = async <R extends pg.QueryResultRow>(sql: string, params: unknown[] = []) => (await pool.query<R>(sql, params)).rows;

  const closeWhere = (where: string, params: unknown[], reason: string): Promise<ClosedSession[]> =>
    write(() =>
      inTransaction(pool, async (client) => {
        const now = Date.now();
        const closed = (await client.query<{ id: string; learner_id: string; node_id: string }>(`UPDATE sessions SET ended_at = $1, end_reason = $2 WHERE ended_at IS NULL AND ${where} RETURNING id, learner_id, node_id`, [now, reason, ...params])).rows;
        for (const row of closed) await client.query(INSERT_EVENT, [now, row.learner_id, row.id, 'session-end', JSON.stringify({ reason })]);
        return closed.map((row) => ({ sessionId: row.id, learnerId: row.learner_id, nodeId: row.node_id }));
      }),
    );

  return {
    kind: 'postgres',
    upsertLearner: (id, name) => write(async () => void (await pool.query(UPSERT_LEARNER, [id, name, Date.now()]))),
    recordSessionStart: (sessionId, learnerId, lesson, nodeId) =>
      write(() =>
        inTransaction(pool, async (client) => {
          const now = Date.now();
          await client.query(UPSERT_LEARNER, [learnerId, null, now]);
          await client.query('INSERT INTO sessions (id, learner_id, lesson, started_at, node_id) VALUES ($1, $2, $3, $4, $5)', [sessionId, learnerId, lesson, now, nodeId]);
          await client.query(INSERT_EVENT, [now, learnerId, sessionId, 'session-start', JSON.stringify({ lesson, node: nodeId })]);
        }),
      ),
    recordSessionEnd: (sessionId, learnerId, reason) =>
      write(() =>
        inTransaction(pool, async (client) => {
          const now = Date.now();
          await client.query('UPDATE sessions SET ended_at = $1, end_reason = $2 WHERE id = $3 AND ended_at IS NULL', [now, reason, sessionId]);
          await client.query(INSERT_EVENT, [now, learnerId, sessionId, 'session-end', JSON.stringify({ reason })]);
        }),
      ),
    recordCheck: (learnerId, sessionId, lesson, writes, payload) =>
      write(() =>
        inTransaction(pool, async (client) => {
          const now = Date.now();
          for (const one of writes) await client.query(UPSERT_RESULT, [learnerId, lesson, one.task, one.status, one.message, now]);
          await client.query(INSERT_EVENT, [now, learnerId, sessionId, 'check', payload]);
        }),
      ),
    recordShown: (learnerId, sessionId, lesson, task) => write(async () => void (await pool.query(INSERT_EVENT, [Date.now(), learnerId, sessionId, 'shown', JSON.stringify({ lesson, task })]))),
    learnerName: (learnerId) => read(async () => (await rows<{ name: string | null }>('SELECT name FROM learners WHERE id = $1', [learnerId]))[0]?.name ?? null),
    passedTasks: (learnerId, lesson) => read(async () => (await rows<{ task: string }>("SELECT task FROM task_results WHERE learner_id = $1 AND lesson = $2 AND status = 'passed'", [learnerId, lesson])).map((row) => row.task)),
    results: (learnerId) => read(() => rows<{ lesson: string; task: string; status: string }>('SELECT lesson, task, status FROM task_results WHERE learner_id = $1 ORDER BY lesson, task', [learnerId])),
    rosterFacts: (limit) =>
      read(async () => {
        const learners = await rows<RosterLearner>(ROSTER_LEARNERS, [limit]);
        const pairs = lessonPairs(learners);
        // The (learner, lesson) pairs as two parallel arrays: unnest() turns them back into rows.
        const params = [pairs.map((pair) => pair.learner), pairs.map((pair) => pair.lesson)];
        const [shown, results, lastProgress] = await Promise.all([rows<ShownRow>(ROSTER_SHOWN, params), rows<LearnerResultRow>(ROSTER_RESULTS, params), rows<LastProgressRow>(ROSTER_LAST_PROGRESS, params)]);
        return assembleRosterFacts(learners, { shown, results, lastProgress });
      }),
    lessonCompletion: () =>
      read(() => rows<{ lesson: string; started: number; passedTasks: number }>(`SELECT s.lesson AS lesson, COUNT(DISTINCT s.learner_id) AS started, (SELECT COUNT(*) FROM task_results t WHERE t.lesson = s.lesson AND t.status = 'passed') AS "passedTasks" FROM sessions s GROUP BY s.lesson ORDER BY s.lesson`)),
    registerNode: (id, url) =>
      write(async () => {
        const now = Date.now();
        await pool.query('INSERT INTO nodes (id, url, started_at, heartbeat_at) VALUES ($1, $2, $3, $3) ON CONFLICT (id) DO UPDATE SET url = excluded.url, started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at', [id, url, now]);
      }),
    heartbeat: (id) => write(async () => void (await pool.query('UPDATE nodes SET heartbeat_at = $1 WHERE id = $2', [Date.now(), id]))),
    closeSessionsOfNode: (nodeId, reason) => closeWhere('node_id = $3', [nodeId], reason),
    closeSessionsOfStaleNodes: (staleBefore, reason) => closeWhere('node_id IN (SELECT id FROM nodes WHERE heartbeat_at < $3)', [staleBefore], reason),
    nodes: () => read(() => rows<NodeRecord>('SELECT id, url, started_at AS "startedAt", heartbeat_at AS "heartbeatAt" FROM nodes ORDER BY id')),
    sessionNode: (sessionId) => read(async () => (await rows<{ nodeId: string; url: string }>('SELECT s.node_id AS "nodeId", n.url FROM sessions s JOIN nodes n ON n.id = s.node_id WHERE s.id = $1 AND s.ended_at IS NULL', [sessionId]))[0]),
    openSessionsByNode: () => read(() => rows<{ node: string; sessions: number }>('SELECT node_id AS node, COUNT(*) AS sessions FROM sessions WHERE ended_at IS NULL AND node_id IS NOT NULL GROUP BY node_id ORDER BY node_id')),
    async close() {
      await queue;
      await pool.end();
    },
  };
}
