/** The lesson front matter (design §4.4), validated with zod so a typo names its file, field and fix. */
import { z } from 'zod';

/** Lesson and task ids: lower-case letters, digits and dashes. */
export const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
const HOST = /^host-[1-9]$/;

export const Capability = z.enum(['tagDeletion', 'referrersApi', 'tagListPagination', 'manifestWithoutExactAccept']);

/** The course's modules, in course order; a lesson's `order` places it within the whole course. */
export const MODULES = ['Distribution basics', 'Images', 'Protocol in practice'] as const;
export const Module = z.enum(MODULES, { message: `module is one of: ${MODULES.join(', ')}` });

/** What the lesson's registry is (design §4.6): README "Lesson front matter" documents each field. */
export const RegistryFrontMatter = z
  .object({
    auth: z.enum(['none', 'basic', 'token'], { message: 'registry.auth is none, basic (htpasswd) or token (the lab\u2019s token service)' }).default('none'),
    delete: z.boolean({ message: 'registry.delete is true or false (false: every DELETE answers 405 UNSUPPORTED)' }).default(true),
    gc: z.boolean({ message: 'registry.gc is true or false (true: the learner can run registry-gc)' }).default(false),
  })
  .strict()
  .optional();

export const TaskSchema = z.object({
  id: z.string().regex(ID_PATTERN, 'a task id is lower-case letters, digits and dashes, e.g. "upload"'),
  title: z.string().min(3, 'give the task a title the learner can read'),
  needs: z.array(z.string()).default([]),
});

export const FrontMatter = z
  .object({
    id: z.string().regex(ID_PATTERN, 'an id is lower-case letters, digits and dashes, e.g. "push-blob"'),
    title: z.string().min(3, 'give the lesson a title'),
    summary: z.string().min(10, 'write a one-sentence summary'),
    order: z.number().int('order is a whole number: the lesson\u2019s place in the course'),
    module: Module,
    hosts: z.array(z.string().regex(HOST, 'hosts are named host-1 … host-9')).min(1).default(['host-1']),
    requires: z.array(Capability).default([]),
    registry: RegistryFrontMatter,
    tasks: z.array(TaskSchema).min(1, 'a lesson needs at least one task'),
  })
  .strict()
  .superRefine((lesson, ctx) => {
    const ids = new Set(lesson.tasks.map((task) => task.id));
    lesson.tasks.forEach((task, index) => {
      for (const need of task.needs) {
        if (!ids.has(need)) ctx.addIssue({ code: 'custom', path: ['tasks', index, 'needs'], message: `"${need}" is not a task of this lesson (tasks: ${[...ids].join(', ')})` });
      }
    });
    if (ids.size !== lesson.tasks.length) ctx.addIssue({ code: 'custom', path: ['tasks'], message: 'two tasks share an id' });
  });

export type FrontMatter = z.infer<typeof FrontMatter>;
export type Task = z.infer<typeof TaskSchema>;
