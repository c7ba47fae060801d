/**
 * `npm run bench` prints a table; `npm run bench -- --json` prints one JSON object.
 * Targets are design §6. Timings live here, never in a test's pass/fail.
 *
 * Options: --quick (fewer runs, a small classroom), --learners N[,M…] (classroom sizes; default 100),
 * --only key[,key…] (sessions, terminal, ready, classroom, abuse).
 */
import path from 'node:path';
import { allAtOnce } from './bench/abuse.ts';
import { classroom, readyToPromptMs } from './bench/learner.ts';
import { benchSessions } from './bench/sessions.ts';
import { benchTerminal } from './bench/terminal.ts';

const json = process.argv.includes('--json');
const quick = process.argv.includes('--quick');
const option = (name: string) => {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
};
const classroomSizes = (option('--learners') ?? (quick ? '10' : '100')).split(',').map(Number);
const only = option('--only')?.split(',');
const wanted = (group: string) => !only || only.includes(group);
const lessonsDir = path.resolve(process.env.LAB_LESSONS_DIR ?? 'lessons');

const results: Record<string, unknown> = {};
if (wanted('ready')) results.readyToPromptMs = await readyToPromptMs(quick ? 3 : 10);
if (wanted('sessions')) Object.assign(results, await benchSessions({ concurrentLimit: quick ? 20 : 200 }));
if (wanted('terminal')) Object.assign(results, await benchTerminal());
if (wanted('abuse')) Object.assign(results, await allAtOnce());
if (wanted('classroom')) {
  const rooms = [];
  for (const size of classroomSizes) rooms.push(await classroom(size, lessonsDir));
  results.classroom = rooms.length === 1 ? rooms[0] : rooms;
}

if (json) {
  console.log(JSON.stringify(results));
} else {
  const rows = Object.entries(results).map(([figure, value]) => ({ figure, value: typeof value === 'object' ? JSON.stringify(value) : value }));
  console.table(rows);
}
process.exit(0);
