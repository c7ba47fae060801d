/** Client entry: a two-route app, the course home and a lesson view. */
import { renderAdmin } from './admin.ts';
import { api, el } from './dom.ts';
import { renderHome } from './home.ts';
import { renderJoin } from './join.ts';
import { renderLessonView } from './lesson.ts';
import './style.css';

const root = document.getElementById('app')!;

async function route(): Promise<void> {
  if (location.pathname.startsWith('/admin')) return renderAdmin(root);
  const me = await api<{ joined: boolean }>('/api/me');
  if (!me.joined) return renderJoin(root, () => void route());
  const lesson = /^\/lessons\/([a-z0-9-]+)\/?$/.exec(location.pathname);
  return lesson ? renderLessonView(root, lesson[1]!) : renderHome(root);
}

route().catch((error: Error) => {
  root.replaceChildren(el('div', { class: 'error-page' }, el('h1', {}, 'Something went wrong'), el('p', {}, error.message), el('a', { href: '/' }, 'Back to the lessons')));
});
