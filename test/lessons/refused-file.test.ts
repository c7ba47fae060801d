/**
 * A learner can plant a link where a checker reads their answer. The runtime, not each checker, turns
 * the safe reader's refusal into a clear failure (real lesson, real sandbox, real registry).
 */
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger } from '../../server/log/index.ts';
import { createLessonService } from '../../server/lessons/index.ts';
import { probeRegistryBinary } from '../../server/registry/index.ts';
import { registryBinary, startManager, testConfig } from '../helpers/lab.ts';

let lab: Awaited<ReturnType<typeof startManager>>;
let lessons: Awaited<ReturnType<typeof createLessonService>>;

beforeAll(async () => {
  const config = testConfig();
  const capabilities = await probeRegistryBinary({ dir: path.join(config.dataDir, 'probe'), registryBin: registryBinary(), sandboxed: true });
  lessons = await createLessonService({ lessonsDir: path.resolve('lessons'), logger: createLogger('silent'), capabilities, watch: false });
  lab = await startManager(config, { prepare: (session, options) => lessons.prepare(session, options) });
});
afterAll(async () => {
  await lab?.stop();
  lessons?.close();
});

it('answers a planted symlink with "that file was refused", not a crashed check', async () => {
  const session = await lab.manager.create({ learnerId: 'f'.repeat(32), lesson: 'push-blob', hosts: ['host-1', 'host-2'] });
  const solution = await session.host('host-1').run(`set -e
D="sha256:$(sha256sum ~/blob.tar.gz | cut -d' ' -f1)"
L=$(curl -si -X POST "http://$REGISTRY/v2/hello-world/blobs/uploads/" | tr -d '\\r' | sed -n 's/^[Ll]ocation: //p')
curl -sf -X PUT -H "Content-Type: application/octet-stream" --data-binary @"$HOME/blob.tar.gz" "$L&digest=$D"`);
  expect(solution.code).toBe(0);
  await session.host('host-2').run('ln -s /etc/shadow /tmp/blob.tar.gz');
  const download = (await lessons.check(session)).tasks.find((task) => task.id === 'download')!;
  expect(download.status).toBe('failed');
  expect(download.message).toMatch(/^That file was refused: /);
  expect(download.message).not.toMatch(/ran into a problem/);
});
