/** The course: lessons in order, and one lesson with its rendered text. */
import { Router } from 'express';
import type { LessonDetail, LessonSummary } from '../wire/index.ts';
import type { ApiContext } from './dependencies.ts';
import { notFound } from './errors.ts';

export function lessonsRouter({ config, lessons }: ApiContext): Router {
  const router = Router();

  router.get('/api/lessons', (_req, res) => {
    res.json(lessons.list() satisfies LessonSummary[]);
  });

  router.get('/api/lessons/:id', (req, res) => {
    const id = String(req.params.id);
    const lesson = lessons.detail(id);
    if (!lesson) throw notFound('No such lesson');
    res.json({ ...lesson, showMe: config.showMe ? lessons.solutionTasks(id) : [] } satisfies LessonDetail);
  });
  return router;
}
