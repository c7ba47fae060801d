/**
 * Figures from the learner's side (design §6), through the public HTTP API and terminal WebSocket of a
 * lab running as its own process:
 *  - readyToPromptMs per lesson: POST /api/sessions {lesson} → ready → terminal WebSocket → first prompt,
 *    cold (a new learner and a new session each time);
 *  - classroom: N learners, each with their own cookie and session, all typing their lesson's solution
 *    into their terminals within the same minute. Task updates are timed from the registry's answer to
 *    the learner's last mutating request to the `tasks` event on their SSE stream; another learner types
 *    meanwhile, from a process of its own, to time keystroke echo; server and machine CPU, memory per
 *    learner and errors are counted.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { solutionParts } from '../../server/lessons/index.ts';
import { newLearner, startLabProcess, startTypistProcess, type LabProcess, type Learner } from './learner-client.ts';
import { percentile } from './sessions.ts';

interface CatalogLesson {
  id: string;
  hosts: string[];
  available: boolean;
}

async function catalog(lab: LabProcess): Promise<CatalogLesson[]> {
  const lessons = (await (await fetch(`${lab.origin}/api/lessons`)).json()) as CatalogLesson[];
  return lessons.filter((lesson) => lesson.available);
}

export async function readyToPromptMs(runsPerLesson: number): Promise<Record<string, { p50: number; p95: number }>> {
  const lab = await startLabProcess({ LAB_MAX_SESSIONS: '20', LAB_SESSIONS_PER_ADDRESS: '1000' });
  const figures: Record<string, { p50: number; p95: number }> = {};
  try {
    for (const lesson of await catalog(lab)) {
      const samples: number[] = [];
      for (let run = 0; run < runsPerLesson; run++) {
        const learner = await newLearner(lab.origin, lesson.id);
        const terminal = await learner.terminal(lesson.hosts[0]!);
        samples.push(performance.now() - learner.timings.requested);
        terminal.close();
        await learner.end();
      }
      figures[lesson.id] = { p50: percentile(samples, 50), p95: percentile(samples, 95) };
    }
  } finally {
    await lab.stop();
  }
  return figures;
}

function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

function machineTicks(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = fields[3]! + fields[4]!;
  const total = fields.reduce((sum, value) => sum + value, 0);
  return { busy: total - idle, total };
}

function usedMemoryMB(): number {
  const meminfo = readFileSync('/proc/meminfo', 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(meminfo)?.[1] ?? 0);
  return (kb('MemTotal') - kb('MemAvailable')) / 1024;
}

/** Types every part of the lesson's solution into the learner's terminals; returns the exit codes that were not 0. */
async function typeSolution(learner: Learner, lessonsDir: string, lesson: CatalogLesson): Promise<string[]> {
  const script = readFileSync(path.join(lessonsDir, lesson.id, 'solution.sh'), 'utf8');
  const helpersFile = path.join(lessonsDir, lesson.id, 'helpers.sh');
  const helpers = existsSync(helpersFile) ? readFileSync(helpersFile, 'utf8').trim() : '';
  const terminals = new Map<string, Awaited<ReturnType<Learner['terminal']>>>();
  const failures: string[] = [];
  const terminalOn = async (host: string) => {
    if (!terminals.has(host)) {
      const terminal = await learner.terminal(host);
      // The lesson's shared shell functions, as the content test defines them before each section.
      if (helpers) await terminal.run(helpers);
      terminals.set(host, terminal);
    }
    return terminals.get(host)!;
  };
  try {
    for (const part of solutionParts(script, lesson.hosts[0]!).parts) {
      for (const section of part.sections) {
        const code = await (await terminalOn(section.host)).run(section.script.trim(), 120_000);
        if (code !== 0) failures.push(`${lesson.id}/${part.task} on ${section.host} exited ${code}`);
      }
    }
  } finally {
    for (const terminal of terminals.values()) terminal.close();
  }
  return failures;
}

async function inBatches<T>(count: number, concurrency: number, make: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let start = 0; start < count; start += concurrency) {
    results.push(...(await Promise.all(Array.from({ length: Math.min(concurrency, count - start) }, (_, i) => make(start + i)))));
  }
  return results;
}

export interface ClassroomFigures {
  learners: number;
  taskUpdateMs: { p50: number; p99: number; samples: number };
  echoMs: { p50: number; p99: number };
  serverCpuPercent: number;
  machineCpuPercent: number;
  idleSessionMB: number;
  activeLearnerMB: number;
  runSeconds: number;
  errors: number;
  errorSamples: string[];
}

export async function classroom(learnerCount: number, lessonsDir: string): Promise<ClassroomFigures> {
  const lab = await startLabProcess({ LAB_MAX_SESSIONS: String(learnerCount + 5), LAB_SESSIONS_PER_ADDRESS: String(learnerCount + 5), LAB_IDLE_TIMEOUT: '1h' });
  const errors: string[] = [];
  try {
    const lessons = await catalog(lab);
    const memoryBefore = usedMemoryMB();
    const learners = await inBatches(learnerCount, 4, async (i) => {
      const lesson = lessons[i % lessons.length]!;
      return { lesson, learner: await newLearner(lab.origin, lesson.id) };
    });
    const streams = await Promise.all(learners.map(({ learner }) => learner.watch()));
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const idleSessionMB = (usedMemoryMB() - memoryBefore) / learnerCount;

    // The other learner types from a process of its own: this one is busy driving the whole class.
    const typist = await startTypistProcess(lab.origin, lessons[0]!.id, lessons[0]!.hosts[0]!, 50);

    let peakMemory = usedMemoryMB();
    const memorySampler = setInterval(() => (peakMemory = Math.max(peakMemory, usedMemoryMB())), 250);
    const serverBefore = cpuTicks(lab.pid);
    const machineBefore = machineTicks();
    const started = performance.now();
    await Promise.all(
      learners.map(async ({ lesson, learner }) => {
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 60_000));
        try {
          errors.push(...(await typeSolution(learner, lessonsDir, lesson)));
          // Tasks judged from files change with no registry traffic: press Check, as the learner would.
          const checked = await fetch(`${lab.origin}/api/sessions/${learner.sessionId}/check`, { method: 'POST', headers: { cookie: learner.cookie } });
          const { tasks } = (await checked.json()) as { tasks: { id: string; status: string; message?: string }[] };
          const unpassed = tasks.filter((task) => task.status !== 'passed');
          if (unpassed.length) errors.push(`${lesson.id}: not passed after the solution: ${unpassed.map((task) => `${task.id} (${task.status}: ${task.message ?? ''})`).join(', ')}`);
        } catch (error) {
          errors.push(`${lesson.id}: ${(error as Error).message}`);
        }
      }),
    );
    const runSeconds = (performance.now() - started) / 1000;
    const echo = await typist.stop();
    clearInterval(memorySampler);
    const serverTicks = cpuTicks(lab.pid) - serverBefore;
    const machineAfter = machineTicks();
    const ticksPerSecond = 100;

    const updates = streams.flatMap((stream) =>
      stream.tasks.flatMap((event) => {
        const cause = stream.traffic.filter((entry) => entry.mutating && entry.at <= event.at).at(-1);
        return cause ? [event.at - cause.end] : [];
      }),
    );
    for (const stream of streams) stream.close();
    await Promise.all(learners.map(({ learner }) => learner.end()));
    return {
      learners: learnerCount,
      taskUpdateMs: { p50: percentile(updates, 50), p99: percentile(updates, 99), samples: updates.length },
      echoMs: { p50: percentile(echo, 50), p99: percentile(echo, 99) },
      serverCpuPercent: Math.round((serverTicks / ticksPerSecond / runSeconds) * 100),
      machineCpuPercent: Math.round(((machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total)) * 100),
      idleSessionMB: Math.round(idleSessionMB * 10) / 10,
      activeLearnerMB: Math.round(((peakMemory - memoryBefore) / learnerCount) * 10) / 10,
      runSeconds: Math.round(runSeconds),
      errors: errors.length,
      errorSamples: errors.slice(0, 5),
    };
  } finally {
    await lab.stop();
  }
}
