/** Client entry: the course home, a lesson, my labs, course complete, the instructor dashboard, and a "no such page". */
import { renderAdmin } from './admin.ts';
import { renderComplete } from './complete.ts';
import { api, el } from './dom.ts';
import { renderHome } from './home.ts';
import { renderJoin } from './join.ts';
import { renderLabs } from './labs.ts';
import { renderLessonView } from './lesson.ts';
import type { Me } from '../../server/wire/index.ts';
import './style.css';

const root = document.getElementById('app')!;

function notFound(): void {
  document.title = 'No such page · Registry Lab';
  root.replaceChildren(el('section', { class: 'page', 'data-not-found': '' }, el('h1', {}, 'No such page'), el('p', {}, `There is nothing at ${location.pathname}.`), el('a', { href: '/' }, 'Back to the course')));
}

async function route(): Promise<void> {
  if (location.pathname.startsWith('/admin')) return renderAdmin(root);
  const me = await api<Me>('/api/me');
  if (!me.joined) return renderJoin(root, () => void route());
  const lesson = /^\/lessons\/([a-z0-9-]+)\/?$/.exec(location.pathname);
  if (lesson) return renderLessonView(root, lesson[1]!);
  if (location.pathname === '/labs') return renderLabs(root);
  if (location.pathname === '/complete') return renderComplete(root);
  if (location.pathname === '/') return renderHome(root);
  return notFound();
}

route().catch((error: Error) => {
  root.replaceChildren(el('div', { class: 'error-page' }, el('h1', {}, 'Something went wrong'), el('p', {}, error.message), el('a', { href: '/' }, 'Back to the lessons')));
});
