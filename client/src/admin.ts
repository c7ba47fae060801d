/** The instructor dashboard: who is where, who is stuck, per-lesson counts; extend or end a session. */
import { api, el } from './dom.ts';

interface RosterEntry { learnerId: string; name: string | null; lesson: string | null; task: string | null; onTaskSinceMs: number | null; failedChecks: number; stuck: boolean; passedTasks: number; session: { id: string; state: string; expiresAt: string } | null }
interface Roster { learners: RosterEntry[]; lessons: { lesson: string; started: number; passedTasks: number }[] }

const TOKEN_KEY = 'registry-lab:admin-token';

function authorized<T>(path: string, init: RequestInit = {}): Promise<T> {
  return api<T>(path, { ...init, headers: { 'content-type': 'application/json', authorization: `Bearer ${sessionStorage.getItem(TOKEN_KEY) ?? ''}` } });
}

function login(root: HTMLElement, onLogin: () => void): void {
  const token = el('input', { id: 'admin-token', type: 'password', required: '', autocomplete: 'current-password' });
  const form = el('form', { class: 'join' }, el('h1', {}, 'Instructor dashboard'), el('label', { for: 'admin-token' }, 'Instructor token (LAB_ADMIN_TOKEN)'), token, el('button', { type: 'submit' }, 'Sign in'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, token.value);
    onLogin();
  });
  root.replaceChildren(form);
}

const minutes = (ms: number | null) => (ms === null ? '—' : `${Math.round(ms / 60000)} min`);

function rosterTable(roster: Roster, refresh: () => void): HTMLElement {
  const rows = roster.learners.map((learner) => {
    const actions = el('td', {});
    if (learner.session) {
      const extend = el('button', { type: 'button', class: 'small' }, '+30 min');
      extend.addEventListener('click', () => void authorized(`/api/sessions/${learner.session!.id}/extend`, { method: 'POST' }).then(refresh));
      const end = el('button', { type: 'button', class: 'small secondary' }, 'End');
      end.addEventListener('click', () => confirm(`End ${learner.name ?? 'this learner'}'s session?`) && void authorized(`/api/sessions/${learner.session!.id}`, { method: 'DELETE' }).then(refresh));
      actions.append(extend, ' ', end);
    }
    return el('tr', { class: learner.stuck ? 'stuck' : '', 'data-learner': learner.learnerId },
      el('td', {}, learner.name ?? learner.learnerId.slice(0, 8)), el('td', {}, learner.lesson ?? '—'), el('td', {}, learner.task ?? 'all passed'),
      el('td', {}, minutes(learner.onTaskSinceMs)), el('td', {}, String(learner.failedChecks)), el('td', {}, learner.stuck ? 'stuck' : ''), el('td', {}, String(learner.passedTasks)), actions);
  });
  return el('table', { class: 'roster' }, el('thead', {}, el('tr', {}, ...['Learner', 'Lesson', 'Task', 'On it', 'Failed checks', '', 'Passed', 'Session'].map((h) => el('th', {}, h)))), el('tbody', {}, ...rows));
}

export function renderAdmin(root: HTMLElement): void {
  if (!sessionStorage.getItem(TOKEN_KEY)) return login(root, () => renderAdmin(root));
  const refresh = () =>
    authorized<Roster>('/api/admin/learners').then(
      (roster) => root.replaceChildren(
        el('h1', {}, 'Instructor dashboard'),
        el('p', { class: 'meta' }, roster.lessons.map((l) => `${l.lesson}: ${l.started} started, ${l.passedTasks} tasks passed`).join(' · ') || 'Nobody has started a lesson yet.'),
        rosterTable(roster, refresh),
      ),
      (error: Error) => {
        sessionStorage.removeItem(TOKEN_KEY);
        root.replaceChildren(el('p', { class: 'error' }, error.message));
        setTimeout(() => renderAdmin(root), 1500);
      },
    );
  void refresh();
  window.setInterval(() => void refresh(), 5000);
}
