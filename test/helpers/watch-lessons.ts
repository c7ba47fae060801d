/**
 * Runs the lesson service in dev mode (watching its files) under tsx, as `npm run dev` does, and prints
 * one JSON line whenever what it serves changes. Tests edit files and read these lines.
 * Usage: tsx test/helpers/watch-lessons.ts <lessonsDir>
 */
import { createLessonService } from '../../server/lessons/index.ts';
import { createLogger } from '../../server/log/index.ts';

const capabilities = { tagDeletion: true, referrersApi: true, tagListPagination: true, manifestWithoutExactAccept: true, version: 'test' };
const lessons = await createLessonService({ lessonsDir: process.argv[2]!, logger: createLogger('silent'), capabilities, watch: true });
let last = '';
setInterval(() => {
  const { lessons: available, unavailable } = lessons.catalog();
  const state = JSON.stringify({ titles: available.map((lesson) => lesson.meta.title), unavailable });
  if (state !== last) console.log((last = state));
}, 100);
