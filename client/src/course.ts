/**
 * The course as a whole: lessons in order, grouped by module, with the learner's progress ("ever
 * passed", from the progress store). The home page, the lesson view and the course-complete page
 * read it.
 */
import type { LearnerProgress, LessonSummary } from '../../server/wire/index.ts';
import { api, el } from './dom.ts';

export interface Course {
  /** Every lesson the catalog lists, broken ones included. */
  all: LessonSummary[];
  /** The lessons a learner can open, in course order. */
  lessons: LessonSummary[];
  /** Tasks of a lesson the learner has passed, in any session. */
  passed(id: string): number;
  complete(id: string): boolean;
  /** 1-based place of a lesson in the course; 0 when it is not in it. */
  position(id: string): number;
  modules: { name: string; lessons: LessonSummary[] }[];
  allComplete: boolean;
  /** The first lesson not complete yet, in course order. */
  nextToDo: LessonSummary | undefined;
}

export async function loadCourse(): Promise<Course> {
  const [all, progress] = await Promise.all([api<LessonSummary[]>('/api/lessons'), api<LearnerProgress>('/api/me/progress')]);
  const lessons = all.filter((lesson) => lesson.available);
  const passed = (id: string) => progress.lessons.find((lesson) => lesson.id === id)?.tasks.filter((task) => task.status === 'passed').length ?? 0;
  const complete = (id: string) => {
    const lesson = lessons.find((candidate) => candidate.id === id);
    return !!lesson && passed(id) >= lesson.tasks.length;
  };
  const modules: { name: string; lessons: LessonSummary[] }[] = [];
  for (const lesson of lessons) {
    const name = lesson.module ?? 'Lessons';
    const last = modules.at(-1);
    if (last?.name === name) last.lessons.push(lesson);
    else modules.push({ name, lessons: [lesson] });
  }
  return {
    all,
    lessons,
    passed,
    complete,
    position: (id) => lessons.findIndex((lesson) => lesson.id === id) + 1,
    modules,
    allComplete: lessons.length > 0 && lessons.every((lesson) => complete(lesson.id)),
    nextToDo: lessons.find((lesson) => !complete(lesson.id)),
  };
}

/** "Lesson 3 of 8 · Images" and one mark per lesson (done, started, current), each a link. */
export function courseMap(course: Course, currentId: string): HTMLElement {
  const position = course.position(currentId);
  const current = course.lessons[position - 1];
  const marks = course.lessons.map((lesson, index) => {
    const state = course.complete(lesson.id) ? 'done' : course.passed(lesson.id) ? 'started' : 'todo';
    const label = `Lesson ${index + 1}: ${lesson.title} (${course.passed(lesson.id)} of ${lesson.tasks.length} tasks done)`;
    const mark = el('a', { class: `mark ${state}${lesson.id === currentId ? ' current' : ''}`, href: `/lessons/${lesson.id}`, title: label, 'aria-label': label, 'data-course-mark': lesson.id }, String(index + 1));
    if (lesson.id === currentId) mark.setAttribute('aria-current', 'page');
    return mark;
  });
  return el('nav', { class: 'course-map', 'aria-label': 'Course', 'data-course-map': '' },
    el('a', { href: '/' }, 'Course'),
    el('span', { class: 'where', 'data-course-position': `${position}/${course.lessons.length}` }, ` · Lesson ${position} of ${course.lessons.length}${current?.module ? ` · ${current.module}` : ''} `),
    el('span', { class: 'marks' }, ...marks));
}
