/**
 * Content tests (`npm run test:lessons [-- <id>...]`): for each lesson, on fresh real sessions,
 *  - no task is passed right after setup,
 *  - solution.sh (its `# host: host-N` sections run in those sandboxes) passes every task, twice,
 *  - each mistakes/*.sh fails the task its `# expect: <task> <phrase>` header names, with the phrase
 *    in the message or hint.
 * A lesson's helpers.sh, if any, is run before each host section of its solution and mistakes.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createLogger } from '../server/log/index.ts';
import { createLessonService, hostSections, type Lesson, type TaskState } from '../server/lessons/index.ts';
import { probeRegistryBinary } from '../server/registry/index.ts';
import type { LabSession } from '../server/sessions/index.ts';
import { registryBinary, startManager, testConfig } from '../test/helpers/lab.ts';

const EXPECT_LINE = /^# expect: ([a-z0-9-]+) (.+)$/m;

const failures: string[] = [];
const report = (ok: boolean, line: string) => {
  console.log(`${ok ? '  ✓' : '  ✗'} ${line}`);
  if (!ok) failures.push(line);
};
const describeTasks = (tasks: TaskState[]) => tasks.map((t) => `${t.id}=${t.status}${t.status === 'failed' ? ` (${t.message}${t.hint ? ` | hint: ${t.hint}` : ''})` : ''}`).join(', ');

/** The lesson's optional helpers.sh: shell functions defined before every host section it runs. */
function helpersOf(lesson: Lesson): string {
  const file = path.join(lesson.dir, 'helpers.sh');
  return existsSync(file) ? `${readFileSync(file, 'utf8')}\n` : '';
}

async function runScript(session: LabSession, lesson: Lesson, file: string): Promise<string> {
  let output = '';
  for (const section of hostSections(readFileSync(file, 'utf8'), lesson.meta.hosts[0]!)) {
    const result = await session.host(section.host).run(helpersOf(lesson) + section.script, { timeoutMs: 60_000 });
    output += `[${section.host} exit ${result.code}] ${result.stdout}${result.stderr}`;
  }
  return output;
}

const ids = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const config = testConfig();
const capabilities = await probeRegistryBinary({ dir: path.join(config.dataDir, 'probe'), registryBin: registryBinary(), sandboxed: true });
const lessons = await createLessonService({ lessonsDir: path.resolve(process.env.LAB_LESSONS_DIR ?? 'lessons'), logger: createLogger('silent'), capabilities, watch: false });
const lab = await startManager(config, { prepare: (session, options) => lessons.prepare(session, options) });
const catalog = lessons.catalog();
for (const broken of catalog.unavailable) report(false, `${broken.id}: unavailable: ${broken.errors.join('; ')}`);
let learner = 0;
const fresh = async (lesson: Lesson) => {
  learner += 1;
  const session = await lab.manager.create({ learnerId: learner.toString(16).padStart(32, '0'), lesson: lesson.id, hosts: lesson.meta.hosts });
  if (session.state !== 'ready') throw new Error(`${lesson.id}: session did not start: ${session.failure}`);
  return session;
};

try {
  for (const lesson of catalog.lessons.filter((l) => !ids.length || ids.includes(l.id))) {
    console.log(`${lesson.id}`);
    for (const round of [1, 2]) {
      const session = await fresh(lesson);
      const before = (await lessons.check(session)).tasks;
      report(before.every((t) => t.status !== 'passed'), `nothing passed after setup (run ${round}): ${describeTasks(before)}`);
      const output = await runScript(session, lesson, path.join(lesson.dir, 'solution.sh'));
      const after = (await lessons.check(session)).tasks;
      const ok = after.every((t) => t.status === 'passed');
      report(ok, `solution passes every task (run ${round}): ${describeTasks(after)}${ok ? '' : `\n      output: ${output.slice(0, 2000)}`}`);
      await lab.manager.close(session, 'content test');
    }
    const mistakesDir = path.join(lesson.dir, 'mistakes');
    for (const file of readdirSync(mistakesDir).filter((f) => f.endsWith('.sh')).sort()) {
      const expectation = EXPECT_LINE.exec(readFileSync(path.join(mistakesDir, file), 'utf8'));
      if (!expectation) {
        report(false, `mistakes/${file}: no "# expect: <task> <phrase>" header`);
        continue;
      }
      const [, taskId, phrase] = expectation as unknown as [string, string, string];
      const session = await fresh(lesson);
      const output = await runScript(session, lesson, path.join(mistakesDir, file));
      const task = (await lessons.check(session)).tasks.find((t) => t.id === taskId);
      const text = `${task?.message ?? ''} ${task?.hint ?? ''}`;
      const ok = task?.status === 'failed' && text.includes(phrase);
      report(ok, `mistakes/${file}: ${taskId} failed mentioning "${phrase}"${ok ? '' : ` — saw ${task ? `${task.status}: ${text}` : 'no such task'}\n      output: ${output.slice(0, 1500)}`}`);
      await lab.manager.close(session, 'content test');
    }
  }
} finally {
  await lab.stop();
  lessons.close();
}

if (failures.length) {
  console.error(`\n${failures.length} content check(s) failed`);
  process.exit(1);
}
console.log('\nall content checks passed');
process.exit(0);
