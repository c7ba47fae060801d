/**
 * The progress store's cluster side, against SQLite and PostgreSQL alike: progress survives
 * reopening, writes fired without waiting land in order, nodes register and heartbeat, a node's
 * start-up cleanup closes what its previous run left open, and the sessions of a node whose
 * heartbeats stopped are closed by the others (never those of a live node).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { joinCluster, MISSED_HEARTBEATS } from '../../server/cluster/index.ts';
import { createLogger } from '../../server/log/index.ts';
import { openProgressStore, type ProgressStore } from '../../server/progress/index.ts';
import { freePort } from '../../scripts/lib/lab.ts';
import { storeBackends } from './stores.ts';

const backends = storeBackends();
const MIGRATIONS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../server/progress/migrations');
const logger = createLogger('silent');

describe('PostgreSQL store that cannot be reached', () => {
  it('refuses to open, naming LAB_DATABASE_URL and never the password', async () => {
    const port = await freePort();
    const opening = openProgressStore({ dataDir: '/nonexistent', databaseUrl: `postgres://lab:s3cret-password@127.0.0.1:${port}/lab` });
    await expect(opening).rejects.toThrow(/^LAB_DATABASE_URL: cannot open the PostgreSQL store: .*ECONNREFUSED/);
    await expect(opening).rejects.not.toThrow(/s3cret/);
  });
});

describe('migrations', () => {
  it('brings a SQLite store made before nodes existed (migration 1 only) up to date, keeping what it held', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'store-old-'));
    try {
      const old = new Database(path.join(dataDir, 'progress.sqlite'));
      old.exec('CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
      old.exec(readFileSync(path.join(MIGRATIONS, '001_initial.sql'), 'utf8'));
      old.prepare('INSERT INTO schema_version VALUES (1, 0)').run();
      old.prepare("INSERT INTO learners VALUES ('ada', 'Ada', 0, 0)").run();
      old.prepare("INSERT INTO task_results (learner_id, lesson, task, status, updated_at) VALUES ('ada', 'push-blob', 'upload', 'passed', 0)").run();
      old.close();
      const store = await openProgressStore({ dataDir });
      try {
        expect(await store.passedTasks('ada', 'push-blob')).toEqual(new Set(['upload']));
        await store.recordSessionStart('s1', 'ada', 'push-blob', 'node-a');
        expect(await store.openSessionsByNode()).toEqual([{ node: 'node-a', sessions: 1 }]);
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  const postgres = backends.find((backend) => backend.name === 'postgres')!;
  it.skipIf(postgres.skip)('lets several nodes start on one fresh PostgreSQL database at once (one migrates, the others wait)', async () => {
    const databaseUrl = postgres.freshDatabase!();
    const opened = await Promise.allSettled([1, 2, 3, 4].map(() => openProgressStore({ dataDir: '/nonexistent', databaseUrl })));
    const stores = opened.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    try {
      expect(opened.filter((result) => result.status === 'rejected')).toEqual([]);
      await stores[0]!.recordSessionStart('s1', 'ada', 'push-blob', 'node-a');
      expect(await stores[3]!.openSessionsByNode()).toEqual([{ node: 'node-a', sessions: 1 }]);
    } finally {
      for (const one of stores) await one.close();
    }
  });
});

describe.each(backends)('progress store ($name)', (backend) => {
  let stores: ProgressStore[] = [];
  let cleanup: () => Promise<void> = async () => undefined;
  afterEach(async () => {
    for (const store of stores) await store.close();
    stores = [];
    await cleanup();
  });
  async function open() {
    const opened = await backend.open();
    cleanup = opened.cleanup;
    stores.push(opened.store);
    return { store: opened.store, reopen: async () => (stores.push(await opened.reopen()), stores.at(-1)!) };
  }

  it.skipIf(backend.skip)('keeps passed tasks, names and the roster across a reopen (a node restarting, or another node reading)', async () => {
    const { store, reopen } = await open();
    await store.upsertLearner('ada', 'Ada');
    await store.recordSessionStart('s1', 'ada', 'push-blob', 'node-a');
    await store.recordCheck('ada', 's1', 'push-blob', [{ id: 'upload', status: 'passed' }, { id: 'download', status: 'failed', message: 'not yet', hint: 'GET it' }]);
    const other = await reopen();
    expect(await other.passedTasks('ada', 'push-blob')).toEqual(new Set(['upload']));
    expect(await other.learnerName('ada')).toBe('Ada');
    expect(await other.progress('ada')).toEqual({ lessons: [{ id: 'push-blob', tasks: [{ id: 'download', status: 'failed' }, { id: 'upload', status: 'passed' }] }] });
    expect((await other.roster(() => ['upload', 'download']))[0]).toMatchObject({ learnerId: 'ada', name: 'Ada', node: 'node-a', task: 'download', failedChecks: 1 });
    expect(await other.lessonCompletion()).toEqual([{ lesson: 'push-blob', started: 1, passedTasks: 1 }]);
  });

  it.skipIf(backend.skip)('lands writes fired without waiting in the order they were made', async () => {
    const { store } = await open();
    // lab.ts does not wait for these: the check must not overtake the session start that creates its learner.
    const writes = [store.recordSessionStart('s1', 'bob', 'push-blob', 'node-a')];
    for (let i = 0; i < 20; i++) writes.push(store.recordCheck('bob', 's1', 'push-blob', [{ id: 'upload', status: i === 19 ? 'passed' : 'failed', message: `try ${i}` }]));
    writes.push(store.recordSessionEnd('s1', 'bob', 'ended by the learner'));
    // An end that overtook its start would find nothing to close and leave the session open for good.
    for (let i = 2; i <= 20; i++) writes.push(store.recordSessionStart(`s${i}`, 'bob', 'push-blob', 'node-a'), store.recordSessionEnd(`s${i}`, 'bob', 'ended by the learner'));
    await Promise.all(writes);
    expect(await store.openSessionsByNode()).toEqual([]);
    expect(await store.passedTasks('bob', 'push-blob')).toEqual(new Set(['upload']));
    expect((await store.roster(() => ['upload']))[0]).toMatchObject({ node: null, task: null });
  });

  it.skipIf(backend.skip)('a passed task stays passed whatever a later check says', async () => {
    const { store } = await open();
    await store.recordSessionStart('s1', 'cy', 'push-blob', 'node-a');
    await store.recordCheck('cy', 's1', 'push-blob', [{ id: 'upload', status: 'passed' }]);
    await store.recordCheck('cy', 's1', 'push-blob', [{ id: 'upload', status: 'failed', message: 'gone' }]);
    expect(await store.passedTasks('cy', 'push-blob')).toEqual(new Set(['upload']));
  });

  it.skipIf(backend.skip)('closes the sessions of a node whose heartbeats stopped, and only those', async () => {
    const { store } = await open();
    await store.registerNode('node-a', 'http://10.0.0.1:8080');
    await store.registerNode('node-b', 'http://10.0.0.2:8080');
    await store.recordSessionStart('sa', 'ada', 'push-blob', 'node-a');
    await store.recordSessionStart('sb', 'bob', 'push-blob', 'node-b');
    expect(await store.openSessionsByNode()).toEqual([{ node: 'node-a', sessions: 1 }, { node: 'node-b', sessions: 1 }]);

    // node-b keeps beating; node-a's last heartbeat is older than the cut-off.
    const cutOff = Date.now() + 1;
    await new Promise((resolve) => setTimeout(resolve, 5));
    await store.heartbeat('node-b');
    const closed = await store.closeSessionsOfStaleNodes(cutOff, 'its lab node missed 3 heartbeats');
    expect(closed).toEqual([{ sessionId: 'sa', learnerId: 'ada', nodeId: 'node-a' }]);
    expect(await store.openSessionsByNode()).toEqual([{ node: 'node-b', sessions: 1 }]);
    // Where an instructor's request for a session is forwarded: only an open session has a holder.
    expect(await store.sessionNode('sb')).toEqual({ nodeId: 'node-b', url: 'http://10.0.0.2:8080' });
    expect(await store.sessionNode('sa')).toBeUndefined();
    expect((await store.roster(() => ['upload'])).map((entry) => [entry.learnerId, entry.node, entry.sessionId]).sort()).toEqual([['ada', null, null], ['bob', 'node-b', 'sb']]);
    // Closed once: a second sweep finds nothing more.
    expect(await store.closeSessionsOfStaleNodes(cutOff, 'again')).toEqual([]);
    const nodes = await store.nodes();
    expect(nodes.map((node) => node.id)).toEqual(['node-a', 'node-b']);
    expect(nodes[1]!.heartbeatAt).toBeGreaterThanOrEqual(cutOff);
    expect(nodes[0]).toMatchObject({ url: 'http://10.0.0.1:8080' });
  });

  it.skipIf(backend.skip)('joinCluster: start-up cleanup of the previous run, then a sweep that closes a dead node\u2019s sessions', async () => {
    const { store } = await open();
    await store.registerNode('dead', 'http://10.0.0.9:8080');
    await store.recordSessionStart('left-open', 'ada', 'push-blob', 'me');
    await store.recordSessionStart('on-dead', 'bob', 'push-blob', 'dead');
    const heartbeatMs = 20;
    const membership = await joinCluster({ store, nodeId: 'me', nodeUrl: 'http://10.0.0.1:8080', heartbeatMs, logger });
    try {
      expect(await store.openSessionsByNode()).toEqual([{ node: 'dead', sessions: 1 }]);
      await new Promise((resolve) => setTimeout(resolve, heartbeatMs * (MISSED_HEARTBEATS + 1)));
      await membership.beat();
      expect(await store.openSessionsByNode()).toEqual([]);
      await store.recordSessionStart('mine', 'cy', 'push-blob', 'me');
      await membership.beat();
      expect(await store.openSessionsByNode()).toEqual([{ node: 'me', sessions: 1 }]);
    } finally {
      membership.stop();
    }
  });
});
