/**
 * Authoring rules a lesson must follow beyond what the server needs to load it (README, "Writing a
 * lesson"). The server still serves a lesson that breaks them; `npm run lessons:lint` and the
 * content test refuse it, each error naming the file, the field or line, and the fix.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { solutionParts } from './host-sections.ts';
import type { Lesson } from './loader.ts';
import { runnableBlocks } from './render.ts';

/** Every lesson's last task: the same skill on a new per-learner target, with no commands in the text. */
export const CHALLENGE_TASK = 'challenge';
export const MIN_MISTAKES = 8;
export const EXPECT_LINE = /^# expect: ([a-z0-9-]+) (.+)$/m;
export const PASSES_LINE = /^# passes:((?: [a-z0-9-]+)+)\s*$/m;
const ANCHOR = /^::task ([a-z0-9-]+)\s*$/gm;
const FRONT_MATTER = /^---\n[\s\S]*?\n---\n?/;
/** What the content test adds itself, or what would end "Show me"'s shell. */
const LEARNER_UNFRIENDLY = [
  { pattern: /^\s*set -[a-z]*e/, what: '"set -e"', why: 'the content test adds it itself, and "Show me" types the part into the learner\u2019s shell' },
  { pattern: /^\s*exit\b/, what: '"exit"', why: 'typed into the learner\u2019s terminal it would close their shell' },
];

/** The lesson's Markdown text (after the front matter) and the number of lines before it. */
export function lessonText(dir: string): { body: string; offset: number } {
  const source = readFileSync(path.join(dir, 'lesson.md'), 'utf8').replace(/\r\n/g, '\n');
  const frontMatter = FRONT_MATTER.exec(source)?.[0] ?? '';
  return { body: source.slice(frontMatter.length), offset: frontMatter.split('\n').length - 1 };
}

/** The *.sh files of a lesson subfolder (mistakes, alternatives), sorted; none when the folder is absent. */
export function scriptsIn(dir: string, folder: string): string[] {
  const full = path.join(dir, folder);
  return existsSync(full) ? readdirSync(full).filter((file) => file.endsWith('.sh')).sort() : [];
}

function lintText(lesson: Lesson, shown: (file: string) => string): string[] {
  const errors: string[] = [];
  const { body, offset } = lessonText(lesson.dir);
  const taskIds = lesson.meta.tasks.map((task) => task.id);
  const anchors = [...body.matchAll(ANCHOR)].map((match) => match[1]!);
  for (const id of taskIds) {
    if (!anchors.includes(id)) errors.push(`${shown('lesson.md')}: no "::task ${id}" line; put one where the text finishes that task (for "${CHALLENGE_TASK}": where it describes the new target, without the commands)`);
  }
  for (const id of anchors) if (!taskIds.includes(id)) errors.push(`${shown('lesson.md')}: "::task ${id}" names no task of the front matter (tasks: ${taskIds.join(', ')})`);
  for (const block of runnableBlocks(body, lesson.meta.hosts[0]!)) {
    const where = `${shown('lesson.md')}:${block.line + offset}`;
    if (block.placeholder) {
      errors.push(`${where}: a runnable block contains the placeholder "${block.placeholder}", which Run would send as written; make it a plain \`\`\`sh block (Copy only) or compute the value in the block`);
    }
    if (!lesson.meta.hosts.includes(block.host)) errors.push(`${where}: run=${block.host} is not one of the lesson's hosts (${lesson.meta.hosts.join(', ')}); add it to "hosts" or fix the name`);
  }
  return errors;
}

function lintSolution(lesson: Lesson, shown: (file: string) => string): string[] {
  const file = shown('solution.sh');
  const source = readFileSync(path.join(lesson.dir, 'solution.sh'), 'utf8');
  const taskIds = lesson.meta.tasks.map((task) => task.id);
  const { preamble, parts } = solutionParts(source, lesson.meta.hosts[0]!);
  if (!parts.length) return [`${file}: not split into per-task parts; start each task's part with a line "# task: <id>", in the front matter's order (${taskIds.join(', ')})`];
  const errors: string[] = [];
  preamble.split('\n').forEach((line, index) => {
    if (line.trim() && !/^#(?! (host|task):)/.test(line.trim())) {
      errors.push(`${file}:${index + 1}: "${line.trim()}" comes before the first "# task:" line; every command belongs to a task's part (each part is self-contained: move it into the parts that need it)`);
    }
  });
  const partIds = parts.map((part) => part.task);
  if (partIds.join(' ') !== taskIds.join(' ')) {
    errors.push(`${file}: the parts are for ${partIds.join(', ')}, but the front matter's tasks are ${taskIds.join(', ')}; write one "# task: <id>" part per task, in that order`);
  }
  source.split('\n').forEach((line, index) => {
    for (const rule of LEARNER_UNFRIENDLY) if (rule.pattern.test(line)) errors.push(`${file}:${index + 1}: ${rule.what} in a part; ${rule.why}. Remove it`);
  });
  return errors;
}

function lintScripts(lesson: Lesson, shown: (file: string) => string): string[] {
  const errors: string[] = [];
  const taskIds = lesson.meta.tasks.map((task) => task.id);
  const mistakes = scriptsIn(lesson.dir, 'mistakes');
  if (mistakes.length < MIN_MISTAKES) errors.push(`${shown('mistakes/')}: ${mistakes.length} known mistakes; write at least ${MIN_MISTAKES} realistic ones, each starting with "# expect: <taskId> <phrase>"`);
  for (const name of mistakes) {
    const expectation = EXPECT_LINE.exec(readFileSync(path.join(lesson.dir, 'mistakes', name), 'utf8'));
    if (!expectation) errors.push(`${shown(`mistakes/${name}`)}: no "# expect: <taskId> <phrase>" line; say which task must fail and a phrase its message or hint contains`);
    else if (!taskIds.includes(expectation[1]!)) errors.push(`${shown(`mistakes/${name}`)}: "# expect: ${expectation[1]}" names no task (tasks: ${taskIds.join(', ')})`);
  }
  for (const name of scriptsIn(lesson.dir, 'alternatives')) {
    const passes = PASSES_LINE.exec(readFileSync(path.join(lesson.dir, 'alternatives', name), 'utf8'));
    if (!passes) {
      errors.push(`${shown(`alternatives/${name}`)}: no "# passes: <taskId> [<taskId> ...]" line; say which tasks this correct solution must pass`);
      continue;
    }
    for (const id of passes[1]!.trim().split(' ')) if (!taskIds.includes(id)) errors.push(`${shown(`alternatives/${name}`)}: "# passes:" names "${id}", which is no task (tasks: ${taskIds.join(', ')})`);
  }
  return errors;
}

/** Every rule broken by a lesson that loads; empty when it follows them all. */
export function lintLesson(lesson: Lesson, lessonsDir: string): string[] {
  const shown = (file: string) => path.relative(path.dirname(lessonsDir), path.join(lesson.dir, file));
  const last = lesson.meta.tasks.at(-1)!.id;
  return [
    ...(last === CHALLENGE_TASK ? [] : [`${shown('lesson.md')}: tasks: the last task is "${last}"; end with a task whose id is "${CHALLENGE_TASK}" (the same skill on a new target setup.ts picks per learner, described in the text without the commands)`]),
    ...lintText(lesson, shown),
    ...lintSolution(lesson, shown),
    ...lintScripts(lesson, shown),
  ];
}
