/** `npm run lessons:lint`: loads every lesson as the server would and fails on any that is unavailable. */
import path from 'node:path';
import { loadCatalog } from '../server/lessons/index.ts';
import type { Capabilities } from '../server/registry/index.ts';

// Lint checks the lessons themselves; capability gaps are reported by the running server, not here.
const everything: Capabilities = { tagDeletion: true, referrersApi: true, tagListPagination: true, manifestWithoutExactAccept: true, version: 'lint' };
const catalog = await loadCatalog(path.resolve(process.env.LAB_LESSONS_DIR ?? 'lessons'), everything);
for (const lesson of catalog.lessons) console.log(`ok   ${lesson.id} (${lesson.meta.tasks.length} tasks)`);
for (const broken of catalog.unavailable) for (const error of broken.errors) console.error(`FAIL ${error}`);
process.exit(catalog.unavailable.length ? 1 : 0);
