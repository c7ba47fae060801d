/**
 * The course home: where the learner is in the course (lesson n of N, per-lesson progress, grouped
 * by module), their running labs with End, and every lesson as a card; broken lessons say why.
 */
import { el } from './dom.ts';
import type { LessonSummary } from '../../server/wire/index.ts';
import { loadCourse, type Course } from './course.ts';
import { labsList, mySessions } from './labs.ts';

function card(course: Course, lesson: LessonSummary): HTMLElement {
  const item = el('article', { class: `card${lesson.available ? '' : ' unavailable'}`, 'data-lesson-id': lesson.id });
  if (!lesson.available) {
    item.append(el('span', { class: 'step' }, 'Unavailable'), el('h3', {}, lesson.title), el('ul', { class: 'errors' }, ...(lesson.errors ?? []).map((error) => el('li', {}, error))));
    return item;
  }
  const passed = course.passed(lesson.id);
  const total = lesson.tasks.length;
  const done = course.complete(lesson.id);
  item.append(
    el('span', { class: 'step' }, `Lesson ${course.position(lesson.id)} of ${course.lessons.length}`),
    el('h3', {}, lesson.title),
    el('p', {}, lesson.summary),
    el('p', { class: `meta${done ? ' complete' : ''}`, 'data-progress': `${passed}/${total}` }, done ? `All ${total} tasks done ✓` : `${passed} of ${total} task${total === 1 ? '' : 's'} done`),
    el('progress', { max: String(total), value: String(passed), 'aria-label': `${lesson.title}: ${passed} of ${total} tasks done` }),
    el('a', { class: 'button', href: `/lessons/${lesson.id}`, 'aria-label': `${passed ? 'Continue' : 'Start'} ${lesson.title}` }, passed ? (done ? 'Open again' : 'Continue') : 'Start'),
  );
  if (lesson.notice) item.append(el('p', { class: 'notice' }, lesson.notice));
  return item;
}

export async function renderHome(root: HTMLElement): Promise<void> {
  root.replaceChildren(el('p', { class: 'loading' }, 'Loading lessons…'));
  document.title = 'Registry Lab';
  const [course, labs] = await Promise.all([loadCourse(), mySessions()]);
  const titleOf = (id: string) => course.lessons.find((lesson) => lesson.id === id)?.title ?? id;
  const completed = course.lessons.filter((lesson) => course.complete(lesson.id)).length;
  const labsBox = el('section', { class: 'my-labs', 'aria-labelledby': 'my-labs-heading', 'data-my-labs': '' });
  const showLabs = async () => {
    const { sessions } = await mySessions();
    labsBox.hidden = sessions.length === 0;
    labsBox.replaceChildren(el('h2', { id: 'my-labs-heading' }, 'My labs'), labsList(sessions, titleOf, () => void showLabs()));
  };
  labsBox.hidden = labs.sessions.length === 0;
  labsBox.replaceChildren(el('h2', { id: 'my-labs-heading' }, 'My labs'), labsList(labs.sessions, titleOf, () => void showLabs()));

  const where = course.allComplete
    ? el('p', { class: 'where' }, 'You finished every lesson. ', el('a', { href: '/complete' }, 'See what you learned →'))
    : el('p', { class: 'where' }, `${completed} of ${course.lessons.length} lessons complete. `, course.nextToDo ? el('a', { class: 'button', href: `/lessons/${course.nextToDo.id}`, 'data-action': 'continue' }, `${completed ? 'Continue' : 'Start'}: lesson ${course.position(course.nextToDo.id)}, ${course.nextToDo.title}`) : '');
  const broken = course.all.filter((lesson) => !lesson.available);
  root.replaceChildren(
    el('section', { class: 'intro' }, el('h1', {}, 'Learn how container registries really work'), el('p', {}, 'Each lesson gives you a private registry and a real shell. Do the tasks with curl and watch every HTTP exchange.'), where),
    labsBox,
    ...course.modules.map((module) => el('section', { class: 'module', 'data-module': module.name }, el('h2', {}, module.name), el('div', { class: 'cards' }, ...module.lessons.map((lesson) => card(course, lesson))))),
    ...(broken.length ? [el('section', { class: 'module' }, el('h2', {}, 'Unavailable'), el('div', { class: 'cards' }, ...broken.map((lesson) => card(course, lesson))))] : []),
  );
}
