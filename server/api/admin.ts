/** The instructor's roster: every learner's lesson, task, time on it and whether they look stuck. */
import { Router } from 'express';
import type { RosterEntry } from '../progress/index.ts';
import type { Roster } from '../wire/index.ts';
import type { ApiContext } from './dependencies.ts';
import { ApiError } from './errors.ts';
import { isAdmin } from './secrets.ts';

export function adminRouter({ config, sessions, lessons, progress }: ApiContext): Router {
  const router = Router();

  router.get('/api/admin/learners', async (req, res) => {
    if (!isAdmin(req, config.adminToken)) throw new ApiError(401, 'unauthorized', 'That is not the instructor token. Use the LAB_ADMIN_TOKEN the lab was started with.');
    const open = new Map(sessions.list().map((session) => [session.learnerId, session.toJSON()]));
    const titleOf = (lesson: string | null, task: string | null) => (lesson && task ? lessons.taskTitles(lesson).find((candidate) => candidate.id === task)?.title ?? task : null);
    res.json({
      learners: (await progress.roster(lessons.taskIds, (learnerId) => open.has(learnerId))).map((entry) => ({ ...entry, taskTitle: titleOf(entry.lesson, entry.task), session: open.get(entry.learnerId) ?? null })),
      lessons: await progress.lessonCompletion(),
    } satisfies Roster<RosterEntry>);
  });
  return router;
}
