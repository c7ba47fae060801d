/** The course home: every lesson as a card, in course order; broken lessons say why. */
import { api, el } from './dom.ts';

interface LessonSummary {
  id: string;
  title: string;
  summary: string;
  available: boolean;
  errors?: string[];
  notice?: string;
  tasks: { id: string; title: string }[];
}

export async function renderHome(root: HTMLElement): Promise<void> {
  root.replaceChildren(el('p', { class: 'loading' }, 'Loading lessons…'));
  const [lessons, progress] = await Promise.all([api<LessonSummary[]>('/api/lessons'), api<{ lessons: { id: string; tasks: { status: string }[] }[] }>('/api/me/progress')]);
  const passedIn = (id: string) => progress.lessons.find((l) => l.id === id)?.tasks.filter((t) => t.status === 'passed').length ?? 0;
  const cards = lessons.map((lesson, index) => {
    const card = el('article', { class: `card${lesson.available ? '' : ' unavailable'}`, 'data-lesson-id': lesson.id });
    card.append(el('span', { class: 'step' }, lesson.available ? `Lesson ${index + 1}` : 'Unavailable'), el('h2', {}, lesson.title), el('p', {}, lesson.summary));
    if (lesson.available) {
      const passed = passedIn(lesson.id);
      const done = passed >= lesson.tasks.length;
      card.append(
        el('p', { class: `meta${done ? ' complete' : ''}`, 'data-progress': `${passed}/${lesson.tasks.length}` }, done ? `All ${lesson.tasks.length} tasks done ✓` : `${passed} of ${lesson.tasks.length} task${lesson.tasks.length === 1 ? '' : 's'} done`),
        el('a', { class: 'button', href: `/lessons/${lesson.id}` }, passed ? 'Continue' : 'Start'),
      );
      if (lesson.notice) card.append(el('p', { class: 'notice' }, lesson.notice));
    } else {
      card.append(el('ul', { class: 'errors' }, ...(lesson.errors ?? []).map((error) => el('li', {}, error))));
    }
    return card;
  });
  root.replaceChildren(el('section', { class: 'intro' }, el('h1', {}, 'Learn how container registries really work'), el('p', {}, 'Each lesson gives you a private registry and a real shell. Do the tasks with curl and watch every HTTP exchange.')), el('section', { class: 'cards' }, ...cards));
}
