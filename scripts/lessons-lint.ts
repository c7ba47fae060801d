/**
 * `npm run lessons:lint`: loads every lesson as the server would (front matter, setup, checker), then
 * applies the authoring rules (server/lessons/lint.ts): a last task "challenge", solution.sh in
 * per-task parts, no placeholder in a runnable block, headed mistakes and alternatives.
 */
import path from 'node:path';
import { lintLesson, loadCatalog } from '../server/lessons/index.ts';
import type { Capabilities } from '../server/registry/index.ts';

// Lint checks the lessons themselves; capability gaps are reported by the running server, not here.
const everything: Capabilities = { tagDeletion: true, referrersApi: true, tagListPagination: true, manifestWithoutExactAccept: true, version: 'lint' };
const lessonsDir = path.resolve(process.env.LAB_LESSONS_DIR ?? 'lessons');
const catalog = await loadCatalog(lessonsDir, everything);
let failed = catalog.unavailable.length > 0;
for (const lesson of catalog.lessons) {
  const errors = lintLesson(lesson, lessonsDir);
  if (!errors.length) console.log(`ok   ${lesson.id} (${lesson.meta.tasks.length} tasks)`);
  for (const error of errors) console.error(`FAIL ${error}`);
  failed ||= errors.length > 0;
}
for (const broken of catalog.unavailable) for (const error of broken.errors) console.error(`FAIL ${error}`);
process.exit(failed ? 1 : 0);
