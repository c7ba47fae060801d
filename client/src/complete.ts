/** The course-complete page: what each lesson taught, by module; or, when lessons are left, which. */
import { el } from './dom.ts';
import { loadCourse } from './course.ts';

export async function renderComplete(root: HTMLElement): Promise<void> {
  const course = await loadCourse();
  document.title = course.allComplete ? 'Course complete · Registry Lab' : 'Course · Registry Lab';
  const heading = course.allComplete
    ? el('h1', { 'data-course-complete': '' }, 'Course complete ✓')
    : el('h1', {}, `${course.lessons.filter((lesson) => course.complete(lesson.id)).length} of ${course.lessons.length} lessons complete`);
  const intro = course.allComplete
    ? el('p', {}, 'You pushed, pulled, listed, deleted and uploaded in chunks against a real registry, one HTTP request at a time. This is what you learned:')
    : el('p', {}, 'Finish these lessons to complete the course:', ' ', el('a', { href: `/lessons/${course.nextToDo?.id ?? ''}` }, `continue with ${course.nextToDo?.title ?? 'the next lesson'} →`));
  root.replaceChildren(el('section', { class: 'page complete' }, heading, intro,
    ...course.modules.map((module) => el('section', {}, el('h2', {}, module.name), el('ul', {}, ...module.lessons.map((lesson) =>
      el('li', { class: course.complete(lesson.id) ? 'done' : '' }, el('strong', {}, `${course.position(lesson.id)}. ${lesson.title}${course.complete(lesson.id) ? ' ✓' : ''}`), ` ${lesson.summary}`))))),
    el('p', {}, el('a', { href: '/' }, '← Back to the course'))));
}
