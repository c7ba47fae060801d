/** Client entry: a two-route app, the course home and a lesson view. */
import { el } from './dom.ts';
import { renderHome } from './home.ts';
import { renderLessonView } from './lesson.ts';
import './style.css';

const root = document.getElementById('app')!;
const lesson = /^\/lessons\/([a-z0-9-]+)\/?$/.exec(location.pathname);
(lesson ? renderLessonView(root, lesson[1]!) : renderHome(root)).catch((error: Error) => {
  root.replaceChildren(el('div', { class: 'error-page' }, el('h1', {}, 'Something went wrong'), el('p', {}, error.message), el('a', { href: '/' }, 'Back to the lessons')));
});
