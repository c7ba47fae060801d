/** The roster's reading of the progress store: which task a learner is on, and when they look stuck. Run against SQLite and PostgreSQL. */
import { afterEach, describe, expect, it } from 'vitest';
import type { ProgressStore } from '../../server/progress/index.ts';
import { storeBackends } from '../cluster/stores.ts';

const order = () => ['blobs', 'manifest', 'digest'];
const backends = storeBackends();

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
});
