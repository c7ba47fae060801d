/**
 * The roster in a fixed number of queries, whatever the number of learners: each backend reads the
 * learners, then the shown tasks, results and last progress of every (learner, lesson) pair at once,
 * and this module puts each row back with its learner. Both backends share it so they answer alike.
 */
import type { LearnerFacts, ResultRow } from './types.ts';

/** One roster learner as the first query reads them: everything but what is per task. */
export type RosterLearner = Omit<LearnerFacts, 'shownTasks' | 'results' | 'lastProgressAt'>;

/** The rows of the three per-pair reads, each naming its learner; a learner's rows keep the order they come in. */
export interface ShownRow {
  learnerId: string;
  task: string;
}
export type LearnerResultRow = ResultRow & { learnerId: string };
export interface LastProgressRow {
  learnerId: string;
  at: number | null;
}
export interface RosterDetails {
  shown: ShownRow[];
  results: LearnerResultRow[];
  lastProgress: LastProgressRow[];
}

/** The (learner, lesson) pairs to read details for: learners who never started a lesson have none. */
export function lessonPairs(learners: RosterLearner[]): { learner: string; lesson: string }[] {
  return learners.flatMap((learner) => (learner.lesson ? [{ learner: learner.id, lesson: learner.lesson }] : []));
}

function grouped<T extends { learnerId: string }>(rows: T[]): Map<string, T[]> {
  const byLearner = new Map<string, T[]>();
  for (const row of rows) {
    const theirs = byLearner.get(row.learnerId);
    if (theirs) theirs.push(row);
    else byLearner.set(row.learnerId, [row]);
  }
  return byLearner;
}

export function assembleRosterFacts(learners: RosterLearner[], details: RosterDetails): LearnerFacts[] {
  const shown = grouped(details.shown);
  const results = grouped(details.results);
  const lastProgress = new Map(details.lastProgress.map((row) => [row.learnerId, row.at]));
  return learners.map((learner) => ({
    ...learner,
    shownTasks: (shown.get(learner.id) ?? []).map((row) => row.task),
    results: (results.get(learner.id) ?? []).map(({ task, status, failedStreak, attempts, updatedAt }) => ({ task, status, failedStreak, attempts, updatedAt })),
    lastProgressAt: lastProgress.get(learner.id) ?? null,
  }));
}
