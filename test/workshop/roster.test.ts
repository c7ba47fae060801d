/** The roster's reading of the progress store: which task a learner is on, and when they look stuck. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openProgressStore, type ProgressStore } from '../../server/progress/index.ts';

let dir: string;
let store: ProgressStore;
const order = () => ['blobs', 'manifest', 'digest'];

function open(): ProgressStore {
  dir = mkdtempSync(path.join(tmpdir(), 'roster-'));
  return (store = openProgressStore(dir));
}
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('roster', () => {
  it('puts a new learner on the first task, not stuck', () => {
    open().recordSessionStart('s1', 'ada', 'push-manifest');
    expect(store.roster(order)[0]).toMatchObject({ lesson: 'push-manifest', task: 'blobs', failedChecks: 0, stuck: false });
  });

  it('moves on to the next task in lesson order once one passes', () => {
    open().recordSessionStart('s1', 'ada', 'push-manifest');
    store.recordCheck('ada', 's1', 'push-manifest', [{ id: 'blobs', status: 'passed' }, { id: 'manifest', status: 'pending' }]);
    expect(store.roster(order)[0]).toMatchObject({ task: 'manifest', passedTasks: 1, stuck: false });
  });

  it('flags a learner stuck after three different failures in a row on the same task', () => {
    open().recordSessionStart('s1', 'ada', 'push-manifest');
    store.recordCheck('ada', 's1', 'push-manifest', [{ id: 'blobs', status: 'passed' }]);
    for (const message of ['MANIFEST_INVALID', 'MANIFEST_BLOB_UNKNOWN', 'wrong size']) {
      store.recordCheck('ada', 's1', 'push-manifest', [{ id: 'manifest', status: 'failed', message }]);
    }
    expect(store.roster(order)[0]).toMatchObject({ task: 'manifest', failedChecks: 3, stuck: true });
  });

  it('counts a new hint over the same message as a new attempt', () => {
    open().recordSessionStart('s1', 'ada', 'push-manifest');
    for (const hint of ['the Content-Type is a form type', 'the digest is of another file', 'the repository name has a typo']) {
      store.recordCheck('ada', 's1', 'push-manifest', [{ id: 'blobs', status: 'failed', message: 'The blob is not in my/app.', hint }]);
    }
    expect(store.roster(order)[0]).toMatchObject({ task: 'blobs', failedChecks: 3, stuck: true });
  });

  it('does not flag a learner whose session has ended, however long ago they stopped', () => {
    open().recordSessionStart('s1', 'ada', 'push-manifest');
    for (const message of ['MANIFEST_INVALID', 'MANIFEST_BLOB_UNKNOWN', 'wrong size']) {
      store.recordCheck('ada', 's1', 'push-manifest', [{ id: 'blobs', status: 'failed', message }]);
    }
    store.recordSessionEnd('s1', 'ada', 'idle timeout');
    expect(store.roster(order, () => false)[0]).toMatchObject({ task: 'blobs', stuck: false });
    expect(store.roster(order, (learner) => learner === 'ada')[0]).toMatchObject({ stuck: true });
  });

  it('lists the tasks whose solution the learner had shown', () => {
    open().recordSessionStart('s1', 'ada', 'push-manifest');
    store.recordShown('ada', 's1', 'push-manifest', 'manifest');
    store.recordShown('ada', 's1', 'push-manifest', 'manifest');
    store.recordShown('ada', 's1', 'other-lesson', 'blobs');
    expect(store.roster(order)[0]).toMatchObject({ shownTasks: ['manifest'] });
  });

  it('does not count the same failure seen again by a periodic check as another attempt', () => {
    open().recordSessionStart('s1', 'ada', 'push-manifest');
    for (let i = 0; i < 5; i++) store.recordCheck('ada', 's1', 'push-manifest', [{ id: 'blobs', status: 'failed', message: 'same' }]);
    expect(store.roster(order)[0]).toMatchObject({ task: 'blobs', failedChecks: 1, stuck: false });
  });

  it('says all passed (no task) when the lesson is done', () => {
    open().recordSessionStart('s1', 'ada', 'push-manifest');
    store.recordCheck('ada', 's1', 'push-manifest', order().map((id) => ({ id, status: 'passed' })));
    expect(store.roster(order)[0]).toMatchObject({ task: null, onTaskSinceMs: null, passedTasks: 3 });
  });
});
