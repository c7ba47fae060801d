/**
 * The instructor dashboard: who is where, who is stuck, per-lesson counts; extend or end a session;
 * and a read-only look at one learner's tasks, registry and traffic.
 */
import { api, ApiRequestError, el } from './dom.ts';
import { createInspector, createTrafficPanel, renderTasks, type Snapshot, type TaskState, type TrafficEntry } from './panels.ts';

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

const WATCH_INTERVAL_MS = 3000;

/** One learner's session, read-only, refreshed every few seconds while it is open. */
function watchLearner(box: HTMLElement, learner: RosterEntry, sessionId: string): () => void {
  const taskList = el('ol', { class: 'tasks' });
  const inspectorBox = el('div', { class: 'inspector', 'data-inspector': '' }, el('p', { class: 'loading' }, 'Reading their registry…'));
  const trafficBox = el('div', { class: 'traffic-panel' });
  box.replaceChildren(
    el('h2', {}, `${learner.name ?? learner.learnerId.slice(0, 8)} · ${learner.lesson ?? ''}`),
    el('div', { class: 'watch' }, el('section', {}, el('h3', {}, 'Tasks'), taskList), el('section', {}, el('h3', {}, 'Registry'), inspectorBox), el('section', {}, el('h3', {}, 'Traffic'), trafficBox)),
  );
  const inspector = createInspector(inspectorBox);
  const traffic = createTrafficPanel(trafficBox);
  const poll = () =>
    Promise.all([
      authorized<{ tasks: TaskState[] }>(`/api/sessions/${sessionId}/tasks`).then(({ tasks }) => renderTasks(taskList, tasks, null)),
      authorized<Snapshot>(`/api/sessions/${sessionId}/registry`).then(inspector.update),
      authorized<{ entries: TrafficEntry[] }>(`/api/sessions/${sessionId}/traffic`).then(({ entries }) => traffic.append(entries)),
    ]).catch((error: Error) => {
      if (error instanceof ApiRequestError && error.status === 404) {
        window.clearInterval(timer);
        inspector.showError('This session has ended.');
      } else {
        inspector.showError(`Their session cannot be read now: ${error.message}`);
      }
    });
  const timer = window.setInterval(() => void poll(), WATCH_INTERVAL_MS);
  void poll();
  return () => window.clearInterval(timer);
}

function rosterTable(roster: Roster, refresh: () => void, watch: (learner: RosterEntry, sessionId: string) => void): HTMLElement {
  const rows = roster.learners.map((learner) => {
    const actions = el('td', {});
    if (learner.session) {
      const view = el('button', { type: 'button', class: 'small', 'data-action': 'watch' }, 'View');
      view.addEventListener('click', () => watch(learner, learner.session!.id));
      actions.append(view, ' ');
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
  const summary = el('p', { class: 'meta' });
  const table = el('div', {});
  const watchBox = el('section', { class: 'watch-box', 'data-watch': '' });
  root.replaceChildren(el('h1', {}, 'Instructor dashboard'), summary, table, watchBox);
  let stopWatching = () => {};
  const watch = (learner: RosterEntry, sessionId: string) => {
    stopWatching();
    stopWatching = watchLearner(watchBox, learner, sessionId);
  };
  const refresh = () =>
    authorized<Roster>('/api/admin/learners').then(
      (roster) => {
        summary.textContent = roster.lessons.map((l) => `${l.lesson}: ${l.started} started, ${l.passedTasks} tasks passed`).join(' · ') || 'Nobody has started a lesson yet.';
        table.replaceChildren(rosterTable(roster, refresh, watch));
      },
      (error: Error) => {
        if (!(error instanceof ApiRequestError && error.status === 401)) {
          summary.textContent = `The roster cannot be loaded right now (${error.message}); retrying.`;
          return;
        }
        window.clearInterval(timer);
        stopWatching();
        sessionStorage.removeItem(TOKEN_KEY);
        root.replaceChildren(el('p', { class: 'error' }, error.message));
        setTimeout(() => renderAdmin(root), 1500);
      },
    );
  void refresh();
  const timer = window.setInterval(() => void refresh(), 5000);
}
