/**
 * A hint belongs to its task: what a learner does for one task (or a failure the text asks for) must
 * not turn another task red, and a hint must not claim a cause the traffic does not show. Real
 * sessions, the real registry and the lessons' own scripts.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/log/index.ts';
import { createLessonService, hostSections, type LessonService, type TaskState } from '../../server/lessons/index.ts';
import { probeRegistryBinary } from '../../server/registry/index.ts';
import { registryBinary, startManager, testConfig } from '../helpers/lab.ts';

const lessonsDir = path.resolve(import.meta.dirname, '../../lessons');
let lab: Awaited<ReturnType<typeof startManager>>;
let lessons: LessonService;
let learner = 0;

beforeAll(async () => {
  const config = testConfig();
  const capabilities = await probeRegistryBinary({ dir: path.join(config.dataDir, 'probe'), registryBin: registryBinary(), sandboxed: true });
  lessons = await createLessonService({ lessonsDir, logger: createLogger('silent'), capabilities, watch: false });
  lab = await startManager(config, { prepare: (session, options) => lessons.prepare(session, options) });
});
afterAll(async () => {
  await lab?.stop();
  lessons?.close();
});

/** Runs a script (with "# host:" sections, after the lesson's helpers.sh as the content test does) in a fresh session and returns the checked tasks. */
async function tasksAfter(lessonId: string, script: string): Promise<Record<string, TaskState>> {
  const lesson = lessons.catalog().lessons.find((l) => l.id === lessonId)!;
  learner += 1;
  const session = await lab.manager.create({ learnerId: `5c09e${learner}`.padStart(32, '0'), lesson: lessonId, hosts: lesson.meta.hosts });
  const helpersFile = path.join(lesson.dir, 'helpers.sh');
  const helpers = existsSync(helpersFile) ? `${readFileSync(helpersFile, 'utf8')}\n` : '';
  try {
    for (const section of hostSections(script, lesson.meta.hosts[0]!)) await session.host(section.host).run(helpers + section.script, { timeoutMs: 60_000 });
    return Object.fromEntries((await lessons.check(session)).tasks.map((task) => [task.id, task]));
  } finally {
    await lab.manager.close(session, 'test');
  }
}

const mistake = (lessonId: string, name: string) => readFileSync(path.join(lessonsDir, lessonId, 'mistakes', `${name}.sh`), 'utf8');

describe('hints stay with their task', () => {
  it('chunked-upload: an off-by-one resume fails resume with its real cause, and leaves chunks alone', async () => {
    const tasks = await tasksAfter('chunked-upload', mistake('chunked-upload', 'resume-off-by-one'));
    expect(tasks.resume).toMatchObject({ status: 'failed', hint: expect.stringContaining('one more than') });
    expect(tasks.chunks!.status).toBe('pending');
  }, 60_000);

  it('chunked-upload: a retry after an off-by-one PUT is not called "the whole file"', async () => {
    const tasks = await tasksAfter('chunked-upload', mistake('chunked-upload', 'resume-retry-after-off-by-one'));
    expect(tasks.resume!.status).toBe('failed');
    expect(tasks.resume!.hint).not.toContain('whole file');
    expect(tasks.chunks!.status).toBe('pending');
  }, 60_000);

  it('multi-arch: the text\u2019s 404 on multi:latest with only the manifest type leaves platforms pending', async () => {
    const tasks = await tasksAfter('multi-arch', '# host: host-2\ncurl -s -H "Accept: application/vnd.oci.image.manifest.v1+json" http://$REGISTRY/v2/multi/manifests/latest\n');
    expect(tasks.platforms!.status).toBe('pending');
  }, 60_000);

  it('purge: the DELETE-by-tag experiment turns nothing red and explains itself once', async () => {
    const tasks = await tasksAfter('purge', '# host: host-2\ncurl -si -X DELETE http://$REGISTRY/v2/my/app/manifests/v1\n');
    expect(Object.values(tasks).filter((task) => task.status === 'failed')).toEqual([]);
    expect(Object.values(tasks).filter((task) => task.hint?.includes('DIGEST_INVALID'))).toHaveLength(1);
  }, 60_000);

  it('purge: deleting a blob v2 needs is said, though v1\u2019s blobs are still there', async () => {
    const tasks = await tasksAfter('purge', mistake('purge', 'comm-wrong-way'));
    expect(tasks.blobs).toMatchObject({ status: 'failed', message: expect.stringContaining('v2 no longer pulls') });
  }, 60_000);
});
