/** The roster's reading of the progress store: which task a learner is on, and when they look stuck. Run against SQLite and PostgreSQL. */
import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ProgressStore } from '../../server/progress/index.ts';
import { storeBackends } from '../cluster/stores.ts';

const order = () => ['blobs', 'manifest', 'digest'];
const backends = storeBackends();

/**
 * Learner `i` of a class where everyone is somewhere else: every third one finished a task of an
 * earlier lesson first, odd ones passed `blobs`, every fifth failed `manifest` with i different
 * messages, even ones had `digest` shown (and a task of another lesson), every seventh left.
 */
async function seatLearner(store: ProgressStore, i: number): Promise<void> {
  const learner = `learner-${i}`;
  const lesson = `lesson-${i % 3}`;
  if (i % 3 === 0) {
    await store.recordSessionStart(`earlier-${i}`, learner, 'earlier-lesson', 'node-a');
    await store.recordCheck(learner, `earlier-${i}`, 'earlier-lesson', [{ id: 'blobs', status: 'passed' }]);
    await store.recordSessionEnd(`earlier-${i}`, learner, 'ended by the learner');
  }
  await store.recordSessionStart(`s${i}`, learner, lesson, `node-${i % 2 ? 'a' : 'b'}`);
  if (i % 2) await store.recordCheck(learner, `s${i}`, lesson, [{ id: 'blobs', status: 'passed' }]);
  if (i % 5 === 0) for (let attempt = 1; attempt <= i; attempt++) await store.recordCheck(learner, `s${i}`, lesson, [{ id: 'manifest', status: 'failed', message: `wrong ${attempt}` }]);
  if (i % 2 === 0) {
    await store.recordShown(learner, `s${i}`, lesson, 'digest');
    await store.recordShown(learner, `s${i}`, 'another-lesson', 'manifest');
  }
  if (i % 7 === 0) await store.recordSessionEnd(`s${i}`, learner, 'idle timeout');
}

/** What the roster must say about learner `i` of seatLearner. */
function seatedLearner(i: number) {
  const left = i % 7 === 0;
  return {
    learnerId: `learner-${i}`,
    lesson: `lesson-${i % 3}`,
    task: i % 5 === 0 ? 'manifest' : i % 2 ? 'manifest' : 'blobs',
    failedChecks: i % 5 === 0 ? i : 0,
    passedTasks: (i % 2) + (i % 3 === 0 ? 1 : 0),
    shownTasks: i % 2 === 0 ? ['digest'] : [],
    node: left ? null : `node-${i % 2 ? 'a' : 'b'}`,
    sessionId: left ? null : `s${i}`,
  };
}

describe.each(backends)('roster ($name)', (backend) => {
  let store: ProgressStore;
  let cleanup: () => Promise<void> = async () => undefined;
  async function open(): Promise<ProgressStore> {
    const opened = await backend.open();
    cleanup = opened.cleanup;
    return (store = opened.store);
  }
  afterEach(async () => {
    await store?.close();
    await cleanup();
  });
  const first = async (working?: (learner: string) => boolean) => (await store.roster(order, working))[0];

  it.skipIf(backend.skip)('puts a new learner on the first task, not stuck', async () => {
    await (await open()).recordSessionStart('s1', 'ada', 'push-manifest');
    expect(await first()).toMatchObject({ lesson: 'push-manifest', task: 'blobs', failedChecks: 0, stuck: false });
  });

  it.skipIf(backend.skip)('moves on to the next task in lesson order once one passes', async () => {
    await (await open()).recordSessionStart('s1', 'ada', 'push-manifest');
    await store.recordCheck('ada', 's1', 'push-manifest', [{ id: 'blobs', status: 'passed' }, { id: 'manifest', status: 'pending' }]);
    expect(await first()).toMatchObject({ task: 'manifest', passedTasks: 1, stuck: false });
  });

  it.skipIf(backend.skip)('flags a learner stuck after three different failures in a row on the same task', async () => {
    await (await open()).recordSessionStart('s1', 'ada', 'push-manifest');
    await store.recordCheck('ada', 's1', 'push-manifest', [{ id: 'blobs', status: 'passed' }]);
    for (const message of ['MANIFEST_INVALID', 'MANIFEST_BLOB_UNKNOWN', 'wrong size']) {
      await store.recordCheck('ada', 's1', 'push-manifest', [{ id: 'manifest', status: 'failed', message }]);
    }
    expect(await first()).toMatchObject({ task: 'manifest', failedChecks: 3, stuck: true });
  });

  it.skipIf(backend.skip)('counts a new hint over the same message as a new attempt', async () => {
    await (await open()).recordSessionStart('s1', 'ada', 'push-manifest');
    for (const hint of ['the Content-Type is a form type', 'the digest is of another file', 'the repository name has a typo']) {
      await store.recordCheck('ada', 's1', 'push-manifest', [{ id: 'blobs', status: 'failed', message: 'The blob is not in my/app.', hint }]);
    }
    expect(await first()).toMatchObject({ task: 'blobs', failedChecks: 3, stuck: true });
  });

  it.skipIf(backend.skip)('does not flag a learner whose session has ended, however long ago they stopped', async () => {
    await (await open()).recordSessionStart('s1', 'ada', 'push-manifest');
    for (const message of ['MANIFEST_INVALID', 'MANIFEST_BLOB_UNKNOWN', 'wrong size']) {
      await store.recordCheck('ada', 's1', 'push-manifest', [{ id: 'blobs', status: 'failed', message }]);
    }
    await store.recordSessionEnd('s1', 'ada', 'idle timeout');
    expect(await first(() => false)).toMatchObject({ task: 'blobs', stuck: false });
    expect(await first((learner) => learner === 'ada')).toMatchObject({ stuck: true });
  });

  it.skipIf(backend.skip)('lists the tasks whose solution the learner had shown', async () => {
    await (await open()).recordSessionStart('s1', 'ada', 'push-manifest');
    await store.recordShown('ada', 's1', 'push-manifest', 'manifest');
    await store.recordShown('ada', 's1', 'push-manifest', 'manifest');
    await store.recordShown('ada', 's1', 'other-lesson', 'blobs');
    expect(await first()).toMatchObject({ shownTasks: ['manifest'] });
  });

  it.skipIf(backend.skip)('does not count the same failure seen again by a periodic check as another attempt', async () => {
    await (await open()).recordSessionStart('s1', 'ada', 'push-manifest');
    for (let i = 0; i < 5; i++) await store.recordCheck('ada', 's1', 'push-manifest', [{ id: 'blobs', status: 'failed', message: 'same' }]);
    expect(await first()).toMatchObject({ task: 'blobs', failedChecks: 1, stuck: false });
  });

  it.skipIf(backend.skip)('says all passed (no task) when the lesson is done', async () => {
    await (await open()).recordSessionStart('s1', 'ada', 'push-manifest');
    await store.recordCheck('ada', 's1', 'push-manifest', order().map((id) => ({ id, status: 'passed' })));
    expect(await first()).toMatchObject({ task: null, onTaskSinceMs: null, passedTasks: 3 });
  });

  it.skipIf(backend.skip)('answers for a class of 30, each learner with their own lesson, tasks, failures and shown tasks', async () => {
    await open();
    for (let i = 1; i <= 30; i++) await seatLearner(store, i);
    const roster = await store.roster(order);
    expect(roster).toHaveLength(30);
    const byLearner = new Map(roster.map((entry) => [entry.learnerId, entry]));
    for (let i = 1; i <= 30; i++) expect(byLearner.get(`learner-${i}`), `learner-${i}`).toMatchObject(seatedLearner(i));
  });
});

describe('roster on PostgreSQL: queries per refresh', () => {
  const postgres = backends.find((backend) => backend.name === 'postgres')!;
  afterEach(() => vi.restoreAllMocks());

  // Every statement the pg driver sends goes through Client#query (a pool's query too).
  it.skipIf(postgres.skip)('sends as many queries for 30 learners as for one', async () => {
    const opened = await postgres.open();
    const store = opened.store;
    try {
      const queriesForRoster = async () => {
        const sent = vi.spyOn(pg.Client.prototype, 'query');
        await store.roster(order);
        const count = sent.mock.calls.length;
        sent.mockRestore();
        return count;
      };
      await seatLearner(store, 1);
      const forOne = await queriesForRoster();
      for (let i = 2; i <= 30; i++) await seatLearner(store, i);
      const forThirty = await queriesForRoster();
      expect(forOne).toBeGreaterThan(0);
      expect(forThirty).toBe(forOne);
    } finally {
      await store.close();
      await opened.cleanup();
    }
  });
});
