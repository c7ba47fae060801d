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
    // In a cluster, a learner whose open session another node holds: the instructor's requests for it are forwarded there.
    const heldElsewhere = (entry: RosterEntry) => (entry.sessionId && entry.lesson && entry.node && entry.node !== config.nodeId ? { id: entry.sessionId, lesson: entry.lesson, hosts: lessons.hostsFor(entry.lesson) ?? ['host-1'], node: entry.node } : null);
    const titleOf = (lesson: string | null, task: string | null) => (lesson && task ? lessons.taskTitles(lesson).find((candidate) => candidate.id === task)?.title ?? task : null);
    res.json({
      learners: (await progress.roster(lessons.taskIds, (learnerId, node) => open.has(learnerId) || (node !== null && node !== config.nodeId))).map((entry) => ({ ...entry, taskTitle: titleOf(entry.lesson, entry.task), session: open.get(entry.learnerId) ?? heldElsewhere(entry) })),
      lessons: await progress.lessonCompletion(),
    } satisfies Roster<RosterEntry>);
  });
  return router;
}
