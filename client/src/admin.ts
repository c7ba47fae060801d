/**
 * The instructor dashboard: who is where, who is stuck, per-lesson counts; extend or end a session;
 * and a read-only look at one learner's terminal (from the server's mirror), tasks, registry and traffic.
 */
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { api, ApiRequestError, el } from './dom.ts';
import type { RosterEntry } from '../../server/progress/index.ts';
import type { Roster as RosterOf, RosterLearner, TaskList, TerminalScreen, TrafficLog } from '../../server/wire/index.ts';
import { createInspector, createTrafficPanel, renderTasks, type Snapshot, type TrafficEntry } from './panels.ts';


type Learner = RosterLearner<RosterEntry>;
type Roster = RosterOf<RosterEntry>;

const TOKEN_KEY = 'registry-lab:admin-token';

function authorized<T>(path: string, init: RequestInit = {}): Promise<T> {
  return api<T>(path, { ...init, headers: { 'content-type': 'application/json', authorization: `Bearer ${sessionStorage.getItem(TOKEN_KEY) ?? ''}` } });
}

/** The sign-in form; a wrong token is said on the form itself, which stays for another try. */
function login(root: HTMLElement, onLogin: () => void, problem = ''): void {
  const token = el('input', { id: 'admin-token', type: 'password', required: '', autocomplete: 'current-password', 'aria-describedby': 'admin-token-error' });
  const message = el('p', { class: 'error', id: 'admin-token-error', role: 'alert', 'data-login-error': '' }, problem);
  const submit = el('button', { type: 'submit' }, 'Sign in');
  const form = el('form', { class: 'join' }, el('h1', {}, 'Instructor dashboard'), el('label', { for: 'admin-token' }, 'Instructor token (LAB_ADMIN_TOKEN)'), token, submit, message);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    message.textContent = '';
    try {
      await api('/api/admin/learners', { headers: { authorization: `Bearer ${token.value}` } });
      sessionStorage.setItem(TOKEN_KEY, token.value);
      onLogin();
    } catch (error) {
      message.textContent = error instanceof ApiRequestError && error.status === 401 ? 'That token is not right. Use the LAB_ADMIN_TOKEN the lab was started with.' : `The lab did not answer: ${(error as Error).message}`;
      token.select();
    } finally {
      submit.disabled = false;
    }
  });
  root.replaceChildren(form);
  token.focus();
}

const minutes = (ms: number | null) => (ms === null ? '—' : `${Math.round(ms / 60000)} min`);

const WATCH_INTERVAL_MS = 3000;
const SCREEN_INTERVAL_MS = 1000;

/** A learner's terminal, read-only: the server mirror's screen, redrawn every second. Input is disabled. */
function watchScreen(box: HTMLElement, sessionId: string, hosts: string[]): () => void {
  let host = hosts[0] ?? 'host-1';
  const picker = el('select', { 'aria-label': 'Host' }, ...hosts.map((name) => el('option', { value: name }, name)));
  picker.addEventListener('change', () => {
    host = picker.value;
    last = '';
    void poll();
  });
  const pane = el('div', { class: 'terminal readonly', 'data-watch-terminal': '', 'aria-label': 'The learner\u2019s terminal (read-only)' });
  box.replaceChildren(...(hosts.length > 1 ? [picker] : []), pane);
  const term = new Terminal({ disableStdin: true, cursorInactiveStyle: 'none', fontSize: 13, scrollback: 1000, fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, monospace', theme: { background: '#0f1720' } });
  term.open(pane);
  let last = '';
  const poll = async () => {
    try {
      const screen = await authorized<TerminalScreen>(`/api/sessions/${sessionId}/terminals/${host}/screen`);
      if (screen.data === last) return;
      last = screen.data;
      term.resize(screen.cols, screen.rows);
      term.reset();
      term.write(screen.data || 'The learner has not opened this terminal yet.');
    } catch {
      // The session's end is reported by the panels beside it.
    }
  };
  const timer = window.setInterval(() => void poll(), SCREEN_INTERVAL_MS);
  void poll();
  return () => {
    window.clearInterval(timer);
    term.dispose();
  };
}

/** One learner's session, read-only, refreshed every few seconds while it is open. */
function watchLearner(box: HTMLElement, learner: Learner, sessionId: string): () => void {
  const taskList = el('ol', { class: 'tasks' });
  const screenBox = el('div', { class: 'screen' });
  const inspectorBox = el('div', { class: 'inspector', 'data-inspector': '' }, el('p', { class: 'loading' }, 'Reading their registry…'));
  const trafficBox = el('div', { class: 'traffic-panel' });
  box.replaceChildren(
    el('h2', {}, `${learner.name ?? learner.learnerId.slice(0, 8)} · ${learner.lesson ?? ''}`),
    el('div', { class: 'watch' }, el('section', { class: 'watch-terminal' }, el('h3', {}, 'Terminal (read-only)'), screenBox), el('section', {}, el('h3', {}, 'Tasks'), taskList), el('section', {}, el('h3', {}, 'Registry'), inspectorBox), el('section', {}, el('h3', {}, 'Traffic'), trafficBox)),
  );
  const stopScreen = watchScreen(screenBox, sessionId, learner.session?.hosts ?? ['host-1']);
  const inspector = createInspector(inspectorBox);
  const traffic = createTrafficPanel(trafficBox);
  const poll = () =>
    Promise.all([
      authorized<TaskList>(`/api/sessions/${sessionId}/tasks`).then(({ tasks }) => renderTasks(taskList, tasks)),
      authorized<Snapshot>(`/api/sessions/${sessionId}/registry`).then(inspector.update),
      authorized<TrafficLog<TrafficEntry>>(`/api/sessions/${sessionId}/traffic`).then(({ entries }) => traffic.append(entries)),
    ]).catch((error: Error) => {
      if (error instanceof ApiRequestError && error.status === 404) {
        window.clearInterval(timer);
        stopScreen();
        inspector.showError('This session has ended.');
      } else {
        inspector.showError(`Their session cannot be read now: ${error.message}`);
      }
    });
  const timer = window.setInterval(() => void poll(), WATCH_INTERVAL_MS);
  void poll();
  return () => {
    window.clearInterval(timer);
    stopScreen();
  };
}

function rosterTable(roster: Roster, refresh: () => void, watch: (learner: Learner, sessionId: string) => void): HTMLElement {
  const rows = roster.learners.map((learner) => {
    const actions = el('td', {});
    if (learner.session) {
      const view = el('button', { type: 'button', class: 'small', 'data-action': 'watch' }, 'View');
      view.addEventListener('click', () => watch(learner, learner.session!.id));
      actions.append(view, ' ');
      const extend = el('button', { type: 'button', class: 'small', 'data-action': 'extend' }, '+30 min');
      extend.addEventListener('click', () => void authorized(`/api/sessions/${learner.session!.id}/extend`, { method: 'POST' }).then(refresh, (error: Error) => {
        actions.append(el('span', { class: 'error', role: 'alert' }, ` ${error.message}`));
      }));
      const end = el('button', { type: 'button', class: 'small secondary' }, 'End');
      end.addEventListener('click', () => confirm(`End ${learner.name ?? 'this learner'}'s session?`) && void authorized(`/api/sessions/${learner.session!.id}`, { method: 'DELETE' }).then(refresh));
      actions.append(extend, ' ', end);
    }
    return el('tr', { class: learner.stuck ? 'stuck' : '', 'data-learner': learner.learnerId },
      el('td', {}, learner.name ?? learner.learnerId.slice(0, 8)), el('td', {}, learner.lesson ?? '—'), el('td', { 'data-task': learner.task ?? '' }, learner.taskTitle ?? (learner.lesson ? 'all passed' : '—')),
      el('td', {}, minutes(learner.onTaskSinceMs)), el('td', {}, String(learner.failedChecks)), el('td', { 'data-stuck': String(learner.stuck) }, learner.stuck ? 'stuck' : ''),
      el('td', {}, learner.shownTasks.length ? learner.shownTasks.join(', ') : '—'), el('td', {}, String(learner.passedTasks)), actions);
  });
  return el('table', { class: 'roster' }, el('thead', {}, el('tr', {}, ...['Learner', 'Lesson', 'Task', 'On it', 'Failed checks', 'Stuck', 'Shown', 'Passed', 'Session'].map((h) => el('th', { scope: 'col' }, h)))), el('tbody', {}, ...rows));
}

export function renderAdmin(root: HTMLElement): void {
  document.title = 'Instructor · Registry Lab';
  if (!sessionStorage.getItem(TOKEN_KEY)) return login(root, () => renderAdmin(root));
  const summary = el('p', { class: 'meta' });
  const table = el('div', {});
  const watchBox = el('section', { class: 'watch-box', 'data-watch': '' });
  root.replaceChildren(el('h1', {}, 'Instructor dashboard'), summary, table, watchBox);
  let stopWatching = () => {};
  const watch = (learner: Learner, sessionId: string) => {
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
        login(root, () => renderAdmin(root), 'The instructor token is no longer accepted (the lab may have been restarted with another one). Sign in again.');
      },
    );
  void refresh();
  const timer = window.setInterval(() => void refresh(), 5000);
}
