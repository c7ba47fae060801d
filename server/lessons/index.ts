/**
 * The lesson engine: loads lessons (lesson.md, setup.ts, checkers/<id>.ts), renders them, runs
 * their setup for each session and checks their tasks. In dev mode it reloads lessons and
 * checkers when their files change, without a server restart.
 */
import { watch as watchFiles, type FSWatcher } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../log/index.ts';
import type { Turns } from '../turns/index.ts';
import type { Capabilities } from '../registry/index.ts';
import type { Session } from '../sessions/index.ts';
import { loadCatalog, type Catalog, type Lesson } from './loader.ts';
import type { TaskList } from '../wire/index.ts';
import { LessonRuntime } from './runtime.ts';
import { CHALLENGE_TASK } from './lint.ts';

export { loadCatalog } from './loader.ts';
export type { Catalog, Lesson, UnavailableLesson } from './loader.ts';
export { LessonRuntime } from './runtime.ts';
export type { TaskState, TaskStatus } from './runtime.ts';
export { seededRandom, tarLayer, buildImage, withRunConfig, buildIndex, pushImage, writeLearnerFile } from './fixtures.ts';
export type { Layer, LayerEntry, ImageParts, RunConfig, SeededRandom } from './fixtures.ts';
export type { SetupContext, SetupFunction } from './setup-context.ts';
export { renderLesson, runnableBlocks, placeholderIn, type RunnableBlock } from './render.ts';
export { lintLesson, lessonText, scriptsIn, CHALLENGE_TASK, EXPECT_LINE, PASSES_LINE } from './lint.ts';
export { hostSections, solutionParts, type SolutionPart } from './host-sections.ts';
export { ID_PATTERN } from './schema.ts';

export interface LessonServiceOptions {
  lessonsDir: string;
  logger: Logger;
  capabilities: Capabilities;
  /** Reload lessons and checkers when their files change (npm run dev). */
  watch: boolean;
  /** Tasks a learner passed in earlier sessions of a lesson (the progress store). */
  earlierPasses?: (learnerId: string, lesson: string) => Promise<Set<string>>;
  onChecked?: (seconds: number) => void;
  /** The server's turns (server/turns): checks after traffic and polls start in turn with its requests; without them they start at once. */
  turns?: Turns;
}

function summary(lesson: Lesson) {
  return {
    id: lesson.id,
    title: lesson.meta.title,
    summary: lesson.meta.summary,
    order: lesson.meta.order,
    module: lesson.meta.module,
    hosts: lesson.meta.hosts,
    available: true,
    ...(lesson.missingCapabilities.length ? { notice: `This registry lacks ${lesson.missingCapabilities.join(', ')}; the lesson shows what it does instead.` } : {}),
    tasks: lesson.meta.tasks.map((task) => ({ id: task.id, title: task.title, needs: task.needs })),
  };
}

export async function createLessonService(options: LessonServiceOptions) {
  const { logger } = options;
  let catalog: Catalog = await loadCatalog(options.lessonsDir, options.capabilities);
  const logUnavailable = () => {
    for (const broken of catalog.unavailable) logger.warn({ event: 'lesson-unavailable', lesson: broken.id, errors: broken.errors }, 'lesson unavailable');
  };
  logUnavailable();
  const find = (id: string) => catalog.lessons.find((lesson) => lesson.id === id);
  const runtime = new LessonRuntime(find, logger, async (session) => (await options.earlierPasses?.(session.learnerId, session.lesson ?? '')) ?? new Set(), options.onChecked, options.turns);
  const watchers: FSWatcher[] = [];

  const reload = async () => {
    catalog = await loadCatalog(options.lessonsDir, options.capabilities, true);
    logger.info({ event: 'lessons-reloaded', lessons: catalog.lessons.length, unavailable: catalog.unavailable.length }, 'lessons reloaded');
    logUnavailable();
  };
  if (options.watch) {
    let pending: NodeJS.Timeout | undefined;
    for (const dir of [options.lessonsDir, path.join(path.dirname(options.lessonsDir), 'checkers')]) {
      watchers.push(
        watchFiles(dir, { recursive: true }, () => {
          clearTimeout(pending);
          pending = setTimeout(() => void reload(), 150);
        }),
      );
    }
  }

  return {
    list: () => [
      ...catalog.lessons.map(summary),
      ...catalog.unavailable.map((broken) => ({ id: broken.id, title: broken.id, summary: '', available: false, errors: broken.errors, tasks: [] })),
    ],
    detail: (id: string) => {
      const lesson = find(id);
      if (!lesson) return undefined;
      const index = catalog.lessons.indexOf(lesson);
      return { ...summary(lesson), html: lesson.html, previous: catalog.lessons[index - 1]?.id ?? null, next: catalog.lessons[index + 1]?.id ?? null };
    },
    hostsFor: (id: string) => find(id)?.meta.hosts,
    /** The lesson's `registry:` settings (defaults filled in), or undefined when it has none. */
    registrySettings: (id: string | null) => (id ? find(id)?.meta.registry : undefined),
    taskIds: (id: string): string[] => find(id)?.meta.tasks.map((task) => task.id) ?? [],
    taskTitles: (id: string): { id: string; title: string }[] => find(id)?.meta.tasks.map((task) => ({ id: task.id, title: task.title })) ?? [],
    tasks: (session: Session): TaskList => runtime.list(session),
    check: async (session: Session): Promise<TaskList> => {
      await runtime.check(session);
      const list = runtime.list(session);
      session.events.emit('tasks', list);
      return list;
    },
    prepare: (session: Session, options: { reset: boolean }) => runtime.prepare(session, options),
    /** Replays a returning learner's earlier tasks into their ready session, in the background (see LessonRuntime.restore). */
    restore: (session: Session) => runtime.restore(session),
    /** Tasks of the lesson that have a solution part "Show me" may type: never the challenge, which is the learner's own. */
    solutionTasks: (id: string): string[] => runtime.solution(id).parts.map((part) => part.task).filter((task) => task !== CHALLENGE_TASK),
    /**
     * One task's solution part as the learner would type it, host section by host section; a
     * section that calls a function of the lesson's helpers.sh starts with those definitions.
     */
    solutionPart: (id: string, taskId: string): { host: string; script: string }[] | undefined => {
      const { parts, helpers } = runtime.solution(id);
      const part = taskId === CHALLENGE_TASK ? undefined : parts.find((candidate) => candidate.task === taskId);
      if (!part) return undefined;
      const helperNames = [...helpers.matchAll(/^([A-Za-z_][A-Za-z0-9_]*)\s*\(\)/gm)].map((match) => match[1]!);
      const usesHelpers = (script: string) => helperNames.some((name) => new RegExp(`(^|[\\s;|&(])${name}(\\s|$)`, 'm').test(script));
      return part.sections.map((section) => ({ host: section.host, script: usesHelpers(section.script) ? `${helpers.trimEnd()}\n${section.script}` : section.script }));
    },
    watch: (session: Session) => runtime.watch(session),
    fixtures: (session: Session) => runtime.fixtures(session),
    reload,
    catalog: () => catalog,
    close: () => watchers.forEach((watcher) => watcher.close()),
  };
}

export type LessonService = Awaited<ReturnType<typeof createLessonService>>;
