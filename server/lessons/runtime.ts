/**
 * The task engine: runs a lesson's setup for a session, checks its tasks against the real
 * registry, and keeps statuses (blocked / pending / restoring / passed / failed). A passed task
 * stays passed until the lesson is reset. Checks run on demand, after mutating traffic (debounced)
 * and every few seconds while a browser watches; each has a 5 s budget and an exception becomes
 * `failed`. A returning learner's earlier tasks are replayed in the background (`restoring`).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../log/index.ts';
import type { Turns } from '../turns/index.ts';
import { FileRefused, learnerFiles, type CheckResult } from '../../checkers/lib/index.ts';
import { DEFAULT_REGISTRY_SETTINGS } from '../registry/index.ts';
import { withoutPaths, type Session } from '../sessions/index.ts';
import type { SessionState } from '../sessions/index.ts';
import type { TaskList, TaskState, TaskStatus } from '../wire/index.ts';
import { seededRandom, writeLearnerFile } from './fixtures.ts';
import { solutionParts, type SolutionPart } from './host-sections.ts';
import type { Lesson } from './loader.ts';

// A task's state is what the API answers and the browser shows: the wire contract's.
export type { TaskState, TaskStatus };

/** A returning learner's earlier tasks being replayed into a ready session; see LessonRuntime.restore. */
interface Replay {
  /** The tasks whose solution parts it replays, in lesson order. */
  tasks: string[];
  /** Index in `tasks` of the part running now. */
  step: number;
  /** Aborted when the session stops being ready (reset, end, failure): kills the running part. */
  stop: AbortController;
  done: Promise<{ replayed: string[] }>;
}

interface SessionTasks {
  fixtures: unknown;
  /** Tasks this learner passed in earlier sessions of the lesson. */
  earlier: Set<string>;
  replay: Replay | undefined;
  results: Map<string, CheckResult & { checked: boolean }>;
  running: Promise<TaskState[]> | undefined;
  /** The round that follows the running one, for everyone who asked while it ran. */
  next: Promise<TaskState[]> | undefined;
  debounce: NodeJS.Timeout | undefined;
  poll: NodeJS.Timeout | undefined;
  watchers: number;
}

const CHECK_BUDGET_MS = 5_000;
const TRAFFIC_DEBOUNCE_MS = 300;
const POLL_MS = 4_000;
/** The client background checks take turns as: one place in the round for all of them. */
const BACKGROUND_CHECKS = 'lab:background-checks';
/** Task lists made by this server so far: each list's `seq`. */
let listsMade = 0;
/** A solution part replayed to bring a returning learner back gets this long per host section. */
const RESTORE_SECTION_BUDGET_MS = 60_000;
const EARLIER_PREFIX = 'You passed this in an earlier session (it still counts in your course progress); do it again in this one.';
const EARLIER_MESSAGE = 'You passed this in an earlier session, and it still counts in your course progress, but this session\u2019s registry and files do not have it: do it again here.';
const RESTORING_MESSAGE = 'You passed this in an earlier session: the lab is replaying its steps in this session\u2019s registry and files, and checks it again when they are done.';

function withBudget<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export class LessonRuntime {
  private readonly state = new WeakMap<Session, SessionTasks>();

  constructor(
    private readonly lessonFor: (id: string) => Lesson | undefined,
    private readonly logger: Logger,
    /** Tasks this learner passed in earlier sessions (from the progress store): replayed, never simply ticked. */
    private readonly earlierPasses: (session: Session) => Promise<Set<string>> = async () => new Set(),
    /** Told how long each full round of checks took (for metrics). */
    private readonly onChecked: (seconds: number) => void = () => undefined,
    /** Where checks nobody is waiting for start in turn with the server's requests (all of them as one client). */
    private readonly turns?: Turns,
  ) {}

  /** Runs the lesson's setup.ts: fixtures in the homes, starting state in the registry. */
  async prepare(session: Session, options: { reset: boolean }): Promise<void> {
    const lesson = session.lesson ? this.lessonFor(session.lesson) : undefined;
    if (!lesson) return;
    // A replay this reset stopped (its part is being killed) is over before the fresh registry and fixtures are made.
    // Its failure was the replay's to report (afterReady logs it); the reset goes on regardless.
    await this.state.get(session)?.replay?.done.catch(() => undefined);
    await session.configureRegistry?.({ ...DEFAULT_REGISTRY_SETTINGS, ...lesson.meta.registry });
    const fixtures = await lesson.setup({
      seed: session.seed,
      random: seededRandom(session.seed),
      registry: session.registry,
      hosts: session.hostNames,
      writeFile: (host, learnerPath, data, mode) => writeLearnerFile(session, host, learnerPath, data, mode),
    });
    const previous = this.state.get(session);
    // After a reset, "earlier" stays what it was when the session started: what this session passed before the reset is not from an earlier session.
    const earlier = options.reset && previous ? previous.earlier : await this.earlierPasses(session);
    this.state.set(session, { fixtures, earlier, replay: undefined, results: new Map(), running: undefined, next: undefined, debounce: undefined, poll: previous?.poll, watchers: previous?.watchers ?? 0 });
  }

  /** The lesson's solution.sh as per-task parts (empty when it has no "# task:" lines), and its helpers.sh. */
  solution(lessonId: string): { parts: SolutionPart[]; helpers: string } {
    const lesson = this.lessonFor(lessonId);
    if (!lesson) return { parts: [], helpers: '' };
    const read = (file: string) => (existsSync(path.join(lesson.dir, file)) ? readFileSync(path.join(lesson.dir, file), 'utf8') : '');
    return { parts: solutionParts(read('solution.sh'), lesson.meta.hosts[0]!).parts, helpers: read('helpers.sh') };
  }

  /**
   * Brings a returning learner's ready session to where they left off, in the background while they
   * may already type: replays, in the sandbox and non-interactively, the solution parts of the tasks
   * they passed before, in lesson order, up to the first task they had not passed (or the first part
   * that fails). Those tasks show `restoring` meanwhile; then a check, so a task shows passed only
   * because this session's registry and files now satisfy it. One replay per session: a second call
   * gets the running one. The session ending, failing or being reset stops it and kills its part.
   */
  restore(session: Session): Promise<{ replayed: string[] }> {
    const tasks = this.state.get(session);
    if (!tasks || !session.lesson) return Promise.resolve({ replayed: [] });
    if (tasks.replay) return tasks.replay.done;
    const { parts, helpers } = this.solution(session.lesson);
    const firstNotPassed = parts.findIndex((part) => !tasks.earlier.has(part.task));
    const toReplay = firstNotPassed === -1 ? parts : parts.slice(0, firstNotPassed);
    if (!toReplay.length) return Promise.resolve({ replayed: [] });
    const stop = new AbortController();
    const stopUnlessReady = (state: SessionState) => state !== 'ready' && stop.abort();
    session.events.on('state', stopUnlessReady);
    const replay: Replay = { tasks: toReplay.map((part) => part.task), step: 0, stop, done: Promise.resolve({ replayed: [] }) };
    // Set before the first await: whoever asks for the tasks as soon as the session is handed over sees them `restoring`.
    tasks.replay = replay;
    replay.done = this.replayParts(session, tasks, replay, toReplay, helpers).finally(() => {
      session.events.off('state', stopUnlessReady);
      if (tasks.replay !== replay) return;
      tasks.replay = undefined;
      // A replay that threw (a part's process could not start) must not leave the page saying "Bringing back…".
      this.publish(session);
    });
    return replay.done;
  }

  private async replayParts(session: Session, tasks: SessionTasks, replay: Replay, parts: SolutionPart[], helpers: string): Promise<{ replayed: string[] }> {
    const replayed: string[] = [];
    for (const [index, part] of parts.entries()) {
      replay.step = index;
      this.publish(session);
      if (!(await this.replayPart(session, part, helpers, replay.stop.signal))) break;
      replayed.push(part.task);
    }
    if (!replay.stop.signal.aborted) {
      // A round of checks that began during the replay may have missed its last steps: check() starts a fresh one.
      await this.check(session);
    }
    if (replay.stop.signal.aborted) {
      this.logger.info({ event: 'restore-stopped', lesson: session.lesson, session: session.id, tasks: replayed }, 'the session ended or was reset while earlier progress was replayed');
      return { replayed };
    }
    tasks.replay = undefined;
    this.publish(session);
    this.logger.info({ event: 'session-restored', lesson: session.lesson, session: session.id, tasks: replayed }, 'earlier progress replayed');
    return { replayed };
  }

  /** Runs one task's part, host section by host section; false when it failed or was stopped. */
  private async replayPart(session: Session, part: SolutionPart, helpers: string, signal: AbortSignal): Promise<boolean> {
    for (const section of part.sections) {
      if (signal.aborted) return false;
      const result = await session.host(section.host).run(`set -e\n${helpers}\n${section.script}`, { timeoutMs: RESTORE_SECTION_BUDGET_MS, signal });
      if (signal.aborted) return false;
      if (result.code !== 0) {
        this.logger.warn({ event: 'restore-failed', lesson: session.lesson, task: part.task, session: session.id, code: result.code, timedOut: result.timedOut }, 'a solution part did not replay');
        return false;
      }
    }
    return true;
  }

  /** What the lesson's setup generated for this session (undefined before setup ran). */
  fixtures(session: Session): unknown {
    return this.state.get(session)?.fixtures;
  }

  /** Statuses as last checked, and while a replay runs, which of its tasks it is at. */
  list(session: Session): TaskList {
    return { ...this.content(session), seq: ++listsMade };
  }

  /** What a list says, without its sequence number: two are the same news when these are equal. */
  private content(session: Session): Omit<TaskList, 'seq'> {
    const tasks = this.tasks(session);
    const replay = this.state.get(session)?.replay;
    return replay ? { tasks, restoring: { task: replay.tasks[replay.step]!, step: replay.step + 1, of: replay.tasks.length } } : { tasks };
  }

  /** Statuses as last checked; a task being replayed that no check has passed yet is `restoring`. */
  tasks(session: Session): TaskState[] {
    const lesson = session.lesson ? this.lessonFor(session.lesson) : undefined;
    if (!lesson) return [];
    const results = this.state.get(session)?.results ?? new Map();
    const earlier = this.state.get(session)?.earlier ?? new Set<string>();
    const replaying = new Set(this.state.get(session)?.replay?.tasks);
    const statusOf = new Map<string, TaskStatus>();
    return lesson.meta.tasks.map((task) => {
      const result = results.get(task.id);
      const blocked = task.needs.some((need) => statusOf.get(need) !== 'passed');
      const status: TaskStatus = result?.passed ? 'passed' : replaying.has(task.id) ? 'restoring' : blocked ? 'blocked' : result?.checked && !result.notStarted ? 'failed' : 'pending';
      statusOf.set(task.id, status);
      const state: TaskState = { id: task.id, title: task.title, status };
      if (status === 'restoring') return { ...state, earlier: true, message: RESTORING_MESSAGE };
      if (result && status !== 'blocked') {
        state.message = result.message;
        if (result.hint && !result.passed) state.hint = result.hint;
      }
      if (status !== 'passed' && earlier.has(task.id)) {
        state.earlier = true;
        state.message = state.message ? `${EARLIER_PREFIX} ${state.message}` : EARLIER_MESSAGE;
      }
      return state;
    });
  }

  /**
   * Checks every task that is not passed yet (in order, so `needs` see fresh results). The answer is
   * never older than the call: a round already running read the traffic and the registry before it,
   * and may have missed what just happened (a collection that just ended, a file just saved), so a
   * call during a round gets the round after it, one for everyone who asked meanwhile.
   */
  check(session: Session): Promise<TaskState[]> {
    const tasks = this.state.get(session);
    if (!tasks) return Promise.resolve(this.tasks(session));
    if (!tasks.running) return this.startRound(session, tasks);
    // The running round's own callers get its failure, if it fails; the next round starts either way.
    tasks.next ??= tasks.running.then(
      () => this.startNext(session, tasks),
      () => this.startNext(session, tasks),
    );
    return tasks.next;
  }

  private startNext(session: Session, tasks: SessionTasks): Promise<TaskState[]> {
    tasks.next = undefined;
    // A reset meanwhile made new fixtures and state: the round for the callers is one of those.
    return this.state.get(session) === tasks ? this.startRound(session, tasks) : this.check(session);
  }

  private startRound(session: Session, tasks: SessionTasks): Promise<TaskState[]> {
    const round: Promise<TaskState[]> = this.runChecks(session, tasks).finally(() => {
      if (tasks.running === round) tasks.running = undefined;
    });
    tasks.running = round;
    return round;
  }

  /** Re-checks after mutating traffic and while a browser watches; emits 'tasks' when anything changed. */
  watch(session: Session): void {
    session.events.on('traffic', (entry) => {
      const tasks = this.state.get(session);
      if (!entry.mutating || !tasks) return;
      clearTimeout(tasks.debounce);
      tasks.debounce = setTimeout(() => this.checkInBackground(session), TRAFFIC_DEBOUNCE_MS);
    });
    session.events.on('watching', () => {
      const tasks = this.state.get(session);
      if (!tasks) return;
      tasks.watchers += 1;
      tasks.poll ??= setInterval(() => this.checkInBackground(session), POLL_MS);
    });
    session.events.on('unwatched', () => {
      const tasks = this.state.get(session);
      if (!tasks) return;
      tasks.watchers = Math.max(0, tasks.watchers - 1);
      if (tasks.watchers === 0) {
        clearInterval(tasks.poll);
        tasks.poll = undefined;
      }
    });
    session.events.on('state', (state) => {
      const tasks = this.state.get(session);
      if (state === 'closed' && tasks) {
        clearInterval(tasks.poll);
        clearTimeout(tasks.debounce);
      }
    });
  }

  /** A room's polls and debounced checks fall due together (everyone pressed Run at once): they take turns. */
  private checkInBackground(session: Session): void {
    if (this.turns) this.turns.take(BACKGROUND_CHECKS, () => void this.checkAndPublish(session));
    else void this.checkAndPublish(session);
  }

  private async checkAndPublish(session: Session): Promise<void> {
    if (session.state !== 'ready') return;
    const before = JSON.stringify(this.content(session));
    await this.check(session);
    if (JSON.stringify(this.content(session)) !== before) this.publish(session);
  }

  private publish(session: Session): void {
    if (session.state === 'ready') session.events.emit('tasks', this.list(session));
  }

  private async runChecks(session: Session, tasks: SessionTasks): Promise<TaskState[]> {
    const lesson = this.lessonFor(session.lesson ?? '');
    if (!lesson || session.state !== 'ready') return this.tasks(session);
    const traffic = session.traffic();
    const roundStarted = performance.now();
    const passed = (id: string) => tasks.results.get(id)?.passed === true;
    for (const task of lesson.meta.tasks) {
      if (passed(task.id) || !task.needs.every(passed)) continue;
      const started = Date.now();
      let result: CheckResult;
      try {
        result = await withBudget(
          lesson.checker[task.id]!({
            registry: session.registry,
            fixtures: tasks.fixtures,
            files: (host) => {
              const target = session.host(host);
              return learnerFiles(target.homeDir, target.tmpDir);
            },
            traffic,
          }),
          CHECK_BUDGET_MS,
          `the check of "${task.id}"`,
        );
      } catch (error) {
        result = error instanceof FileRefused ? refusedFile(error) : this.checkCrashed(lesson, session, task.id, error as Error);
      }
      tasks.results.set(task.id, { ...result, checked: true });
      this.logger.debug({ event: 'check', lesson: lesson.id, task: task.id, passed: result.passed, ms: Date.now() - started }, 'task checked');
    }
    this.onChecked((performance.now() - roundStarted) / 1000);
    return this.tasks(session);
  }

  private checkCrashed(lesson: Lesson, session: Session, taskId: string, error: Error): CheckResult {
    this.logger.error({ event: 'check-error', lesson: lesson.id, task: taskId, session: session.id, err: error.message }, 'a check threw');
    // The message goes to the learner: an error naming the registry's socket must not show the server's paths.
    return { passed: false, message: `The check itself ran into a problem: ${withoutPaths(error.message)}. Press Check to try again; if it persists, tell your instructor.` };
  }
}

/**
 * A learner file the safe reader would not open (a link out of the session, a directory, too big)
 * is the learner's to fix, so every checker gets the same clear answer without catching it itself.
 */
function refusedFile(error: FileRefused): CheckResult {
  return { passed: false, message: `That file was refused: ${error.message}.`, hint: 'Save your answer as a plain file (not a link, a directory or a device) in your home or /tmp, then check again.' };
}
