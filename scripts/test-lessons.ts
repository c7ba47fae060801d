/**
 * Content tests (`npm run test:lessons [-- <id>...]`): for each lesson, on fresh real sessions,
 *  - the authoring rules hold (server/lessons/lint.ts),
 *  - no task is passed right after setup,
 *  - solution.sh part by part: after parts 1..k, exactly tasks 1..k are passed and none is failed,
 *  - the whole solution again on another learner's fixtures: every task passed,
 *  - following the text: every ```sh run block of lesson.md in order, each host keeping its shell
 *    variables, functions and directory between blocks; no task is ever failed along the way, and at
 *    the end every task but "challenge" is passed (and "challenge" is not: its commands are not in the text),
 *  - each mistakes/*.sh fails the task its `# expect: <task> <phrase>` header names, with the phrase
 *    in the message or hint,
 *  - each alternatives/*.sh passes the tasks its `# passes: <task> ...` header names.
 * Lessons run two at a time; each lesson's report is printed when it is done.
 * A lesson's helpers.sh, if any, is defined before each host section of its solution, mistakes and alternatives.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createLogger } from '../server/log/index.ts';
import {
  CHALLENGE_TASK,
  createLessonService,
  EXPECT_LINE,
  hostSections,
  lessonText,
  lintLesson,
  PASSES_LINE,
  runnableBlocks,
  scriptsIn,
  solutionParts,
  type Lesson,
  type TaskState,
} from '../server/lessons/index.ts';
import { probeRegistryBinary } from '../server/registry/index.ts';
import type { LabSession } from '../server/sessions/index.ts';
import { registryBinary, startManager, testConfig } from './lib/lab.ts';

const CONCURRENT_LESSONS = 2;
/** Solutions and alternatives stop at the first failing command, and say which one it was. */
const STOP_ON_ERROR = `set -eE\ntrap 'echo "stopped: \\"$BASH_COMMAND\\" failed with exit $?" >&2' ERR\n`;
const RUN_TIMEOUT_MS = 60_000;
type Section = { host: string; script: string };

const describeTasks = (tasks: TaskState[]) => tasks.map((t) => `${t.id}=${t.status}${t.status === 'failed' ? ` (${t.message}${t.hint ? ` | hint: ${t.hint}` : ''})` : ''}`).join(', ');

/** One lesson's findings, printed together so that concurrent lessons do not interleave. */
class Report {
  readonly lines: string[] = [];
  failures = 0;
  constructor(readonly lesson: string) {}
  check(ok: boolean, line: string): boolean {
    this.lines.push(`${ok ? '  ✓' : '  ✗'} ${line}`);
    if (!ok) this.failures += 1;
    return ok;
  }
}

/** The lesson's optional helpers.sh: shell functions defined before every host section it runs. */
function helpersOf(lesson: Lesson): string {
  const file = path.join(lesson.dir, 'helpers.sh');
  return existsSync(file) ? `${readFileSync(file, 'utf8')}\n` : '';
}

/**
 * What the shell keeps between two blocks a learner runs: variables (not read-only or bash's own),
 * functions and the working directory, printed as bash that restores them.
 */
const SAVE_STATE = String.raw`
__lab_save_state() {
  local __lab_name __lab_decl __lab_flags
  for __lab_name in $(compgen -v); do
    case "$__lab_name" in
      BASH*|_|FUNCNAME|PIPESTATUS|LINENO|RANDOM|SRANDOM|SECONDS|EPOCHREALTIME|EPOCHSECONDS|PPID|SHLVL|PWD|OLDPWD|HISTCMD|COLUMNS|LINES|GROUPS|UID|EUID|SHELLOPTS|DIRSTACK|IFS|OPTIND|OPTERR|__lab_*) continue ;;
    esac
    __lab_decl=$(declare -p "$__lab_name" 2>/dev/null) || continue
    __lab_flags=\${__lab_decl#declare -}
    case "\${__lab_flags%% *}" in *r*) continue ;; esac
    printf '%s\n' "$__lab_decl"
  done
  declare -f | sed '/^__lab_save_state ()/,/^}/d'
  printf 'cd %q\n' "$PWD"
}
`.replace(/\\\$/g, '$');

interface Lab {
  fresh(lesson: Lesson): Promise<LabSession>;
  close(session: LabSession): Promise<void>;
  check(session: LabSession): Promise<TaskState[]>;
}

async function runSections(session: LabSession, sections: Section[], prefix: string): Promise<{ ok: boolean; output: string }> {
  let output = '';
  for (const section of sections) {
    const result = await session.host(section.host).run(prefix + section.script, { timeoutMs: RUN_TIMEOUT_MS });
    output += `[${section.host} exit ${result.code}${result.timedOut ? ', timed out' : ''}] ${result.stdout}${result.stderr}`;
    if (result.code !== 0) return { ok: false, output };
  }
  return { ok: true, output };
}

const tail = (output: string, max = 1500) => (output.length > max ? `…${output.slice(-max)}` : output);

/** Parts of solution.sh when it is split as the lint rules ask; otherwise the whole file as one part. */
function solutionOf(lesson: Lesson): { split: boolean; parts: { task: string; sections: Section[] }[] } {
  const source = readFileSync(path.join(lesson.dir, 'solution.sh'), 'utf8');
  const firstHost = lesson.meta.hosts[0]!;
  const { parts } = solutionParts(source, firstHost);
  const split = parts.map((part) => part.task).join(' ') === lesson.meta.tasks.map((task) => task.id).join(' ');
  return split ? { split, parts } : { split, parts: [{ task: '(whole file)', sections: hostSections(source, firstHost) }] };
}

async function testSolution(lab: Lab, lesson: Lesson, report: Report, prefix: string): Promise<void> {
  const { split, parts } = solutionOf(lesson);
  const taskIds = lesson.meta.tasks.map((task) => task.id);
  for (const round of [1, 2]) {
    const session = await lab.fresh(lesson);
    try {
      const before = await lab.check(session);
      report.check(before.every((t) => t.status !== 'passed'), `nothing passed after setup (run ${round}): ${describeTasks(before)}`);
      if (round === 1 && split) {
        for (const [index, part] of parts.entries()) {
          const run = await runSections(session, part.sections, prefix);
          const tasks = await lab.check(session);
          const exact = tasks.every((t, i) => (i <= index ? t.status === 'passed' : t.status !== 'passed' && t.status !== 'failed'));
          const shown = `part ${index + 1} (# task: ${part.task}) passes exactly ${taskIds.slice(0, index + 1).join(', ')}: ${describeTasks(tasks)}`;
          if (!report.check(run.ok && exact, `${shown}${run.ok && exact ? '' : `\n      output: ${tail(run.output)}`}`)) break;
        }
        continue;
      }
      let output = '';
      for (const part of parts) output += (await runSections(session, part.sections, prefix)).output;
      const after = await lab.check(session);
      const ok = after.every((t) => t.status === 'passed');
      report.check(ok, `solution passes every task (run ${round}): ${describeTasks(after)}${ok ? '' : `\n      output: ${tail(output, 2000)}`}`);
    } finally {
      await lab.close(session);
    }
  }
}

/** Runs one block of the text on its host as a learner would, restoring that host's shell state first. */
async function runBlock(session: LabSession, host: string, code: string, state: Map<string, string>): Promise<{ output: string; code: string }> {
  const marker = `__LAB_STATE_${randomBytes(8).toString('hex')}__`;
  const script = [
    `{\n:\n${state.get(host) ?? ''}\n} >/dev/null 2>&1`,
    // Read from /dev/null as a terminal would never feed the rest of this script to a command.
    `{\n:\n${code}\n} </dev/null`,
    '__lab_code=$?',
    SAVE_STATE,
    `printf '\\n%s %s\\n' '${marker}' "$__lab_code"`,
    '__lab_save_state',
  ].join('\n');
  const result = await session.host(host).run(script, { timeoutMs: RUN_TIMEOUT_MS });
  const at = result.stdout.lastIndexOf(`\n${marker} `);
  if (at < 0) return { output: `${result.stdout}${result.stderr}`, code: `${result.code} (the block did not finish)` };
  const [statusLine, ...saved] = result.stdout.slice(at + 1).split('\n');
  state.set(host, saved.join('\n'));
  return { output: `${result.stdout.slice(0, at)}${result.stderr}`, code: statusLine!.split(' ')[1] ?? '?' };
}

async function testFollowingTheText(lab: Lab, lesson: Lesson, report: Report): Promise<void> {
  const { body, offset } = lessonText(lesson.dir);
  const blocks = runnableBlocks(body, lesson.meta.hosts[0]!).filter((block) => !block.placeholder);
  const session = await lab.fresh(lesson);
  const state = new Map<string, string>();
  const everRed = new Set<string>();
  let transcript = '';
  let ok = true;
  try {
    for (const block of blocks) {
      const run = await runBlock(session, block.host, block.code, state);
      transcript += `\n[lesson.md:${block.line + offset} on ${block.host}, exit ${run.code}] ${run.output}`;
      for (const task of await lab.check(session)) {
        if (task.status !== 'failed' || everRed.has(task.id)) continue;
        everRed.add(task.id);
        ok = report.check(false, `following the text: the block at lesson.md:${block.line + offset} (${block.host}) turns ${task.id} red: ${task.message}${task.hint ? ` | hint: ${task.hint}` : ''}\n      output (exit ${run.code}): ${tail(run.output, 800)}`) && ok;
      }
    }
    const after = await lab.check(session);
    const expected = after.every((t) => (t.id === CHALLENGE_TASK ? t.status !== 'passed' : t.status === 'passed'));
    const challenge = after.find((t) => t.id === CHALLENGE_TASK);
    const why = challenge?.status === 'passed' ? ' — the text\u2019s own blocks finish "challenge": describe its target without the commands' : '';
    report.check(ok && expected, `following the text (${blocks.length} blocks) passes every task but ${CHALLENGE_TASK}, none ever failed: ${describeTasks(after)}${why}${ok && expected ? '' : `\n      transcript: ${tail(transcript, 2500)}`}`);
  } finally {
    await lab.close(session);
  }
}

async function testMistakes(lab: Lab, lesson: Lesson, report: Report, helpers: string): Promise<void> {
  for (const file of scriptsIn(lesson.dir, 'mistakes')) {
    const source = readFileSync(path.join(lesson.dir, 'mistakes', file), 'utf8');
    const expectation = EXPECT_LINE.exec(source);
    if (!expectation) {
      report.check(false, `mistakes/${file}: no "# expect: <task> <phrase>" header`);
      continue;
    }
    const [, taskId, phrase] = expectation as unknown as [string, string, string];
    const session = await lab.fresh(lesson);
    try {
      const run = await runSections(session, hostSections(source, lesson.meta.hosts[0]!), helpers);
      const task = (await lab.check(session)).find((t) => t.id === taskId);
      const text = `${task?.message ?? ''} ${task?.hint ?? ''}`;
      const ok = task?.status === 'failed' && text.includes(phrase);
      report.check(ok, `mistakes/${file}: ${taskId} failed mentioning "${phrase}"${ok ? '' : ` — saw ${task ? `${task.status}: ${text}` : 'no such task'}\n      output: ${tail(run.output)}`}`);
    } finally {
      await lab.close(session);
    }
  }
}

async function testAlternatives(lab: Lab, lesson: Lesson, report: Report, prefix: string): Promise<void> {
  for (const file of scriptsIn(lesson.dir, 'alternatives')) {
    const source = readFileSync(path.join(lesson.dir, 'alternatives', file), 'utf8');
    const passes = PASSES_LINE.exec(source)?.[1]?.trim().split(' ');
    if (!passes) {
      report.check(false, `alternatives/${file}: no "# passes: <task> ..." header`);
      continue;
    }
    const session = await lab.fresh(lesson);
    try {
      const run = await runSections(session, hostSections(source, lesson.meta.hosts[0]!), prefix);
      const tasks = await lab.check(session);
      const ok = run.ok && passes.every((id) => tasks.find((t) => t.id === id)?.status === 'passed');
      report.check(ok, `alternatives/${file}: passes ${passes.join(', ')}: ${describeTasks(tasks)}${ok ? '' : `\n      output: ${tail(run.output)}`}`);
    } finally {
      await lab.close(session);
    }
  }
}

async function testLesson(lab: Lab, lesson: Lesson, lessonsDir: string): Promise<Report> {
  const report = new Report(lesson.id);
  const lint = lintLesson(lesson, lessonsDir);
  report.check(!lint.length, `authoring rules (npm run lessons:lint)${lint.map((error) => `\n      ${error}`).join('')}`);
  const helpers = helpersOf(lesson);
  const steps: [string, () => Promise<void>][] = [
    ['solution', () => testSolution(lab, lesson, report, `${STOP_ON_ERROR}${helpers}`)],
    ['following the text', () => testFollowingTheText(lab, lesson, report)],
    ['mistakes', () => testMistakes(lab, lesson, report, helpers)],
    ['alternatives', () => testAlternatives(lab, lesson, report, `${STOP_ON_ERROR}${helpers}`)],
  ];
  for (const [name, step] of steps) {
    try {
      await step();
    } catch (error) {
      report.check(false, `${name}: the test itself failed: ${(error as Error).message}`);
    }
  }
  return report;
}

const ids = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const config = testConfig();
const lessonsDir = path.resolve(process.env.LAB_LESSONS_DIR ?? 'lessons');
const capabilities = await probeRegistryBinary({ dir: path.join(config.dataDir, 'probe'), registryBin: registryBinary(), sandboxed: true });
const lessons = await createLessonService({ lessonsDir, logger: createLogger('silent'), capabilities, watch: false });
const started = await startManager(config, { prepare: (session, options) => lessons.prepare(session, options) });
let learner = 0;
const lab: Lab = {
  async fresh(lesson) {
    learner += 1;
    const session = await started.manager.create({ learnerId: learner.toString(16).padStart(32, '0'), lesson: lesson.id, hosts: lesson.meta.hosts });
    if (session.state !== 'ready') throw new Error(`${lesson.id}: session did not start: ${session.failure}`);
    return session;
  },
  close: (session) => started.manager.close(session, 'content test'),
  check: async (session) => (await lessons.check(session)).tasks,
};

const catalog = lessons.catalog();
let failures = 0;
for (const broken of catalog.unavailable) {
  console.log(`${broken.id}\n  ✗ unavailable: ${broken.errors.join('; ')}`);
  failures += 1;
}
const queue = catalog.lessons.filter((lesson) => !ids.length || ids.includes(lesson.id));
const summary: string[] = [];
try {
  await Promise.all(
    Array.from({ length: CONCURRENT_LESSONS }, async () => {
      for (let lesson = queue.shift(); lesson; lesson = queue.shift()) {
        const begun = performance.now();
        const report = await testLesson(lab, lesson, lessonsDir);
        const seconds = ((performance.now() - begun) / 1000).toFixed(1);
        console.log(`${lesson.id} (${seconds} s)\n${report.lines.join('\n')}`);
        summary.push(`  ${report.failures ? '✗' : '✓'} ${lesson.id}: ${report.lines.length - report.failures}/${report.lines.length} checks passed in ${seconds} s`);
        failures += report.failures;
      }
    }),
  );
} finally {
  await started.stop();
  lessons.close();
}

console.log(`\nper lesson:\n${summary.join('\n')}`);
if (failures) {
  console.error(`\n${failures} content check(s) failed`);
  process.exit(1);
}
console.log('\nall content checks passed');
process.exit(0);
