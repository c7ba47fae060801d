/**
 * The lesson view: the lesson text beside a terminal per host, the live task list, the registry
 * inspector and the traffic panel, all fed by the session's server-sent events.
 */
import { api, el } from './dom.ts';
import { createInspector, createTrafficPanel, renderTasks, type Snapshot, type TaskState, type TrafficEntry } from './panels.ts';
import { mountTerminal, type TerminalHandle } from './terminal.ts';

interface LessonDetail { id: string; title: string; html: string; hosts: string[]; next: string | null; tasks: { id: string; title: string }[] }
interface SessionInfo { id: string; state: string; hosts: string[]; expiresAt: string; failure?: string }

const STORAGE_KEY = (lesson: string) => `registry-lab:session:${lesson}`;

async function openSession(lesson: string): Promise<SessionInfo> {
  const saved = sessionStorage.getItem(STORAGE_KEY(lesson));
  if (saved) {
    const existing = await api<SessionInfo>(`/api/sessions/${saved}`).catch(() => undefined);
    if (existing && existing.state === 'ready') return existing;
  }
  const created = await createWhenSeatFree(lesson);
  sessionStorage.setItem(STORAGE_KEY(lesson), created.id);
  return created;
}

/**
 * At capacity the server answers 503 with the learner's place in line and Retry-After: keep asking
 * (asking holds the place) and show the place as it advances, instead of an error page.
 */
async function createWhenSeatFree(lesson: string): Promise<SessionInfo> {
  for (;;) {
    const response = await fetch('/api/sessions', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ lesson }) });
    const body = (await response.json()) as SessionInfo & { error?: { message: string; queue?: { position: number; length: number } } };
    if (response.ok) return body;
    const place = body.error?.queue;
    if (response.status !== 503 || !place) throw new Error(body.error?.message ?? `HTTP ${response.status}`);
    showWaiting(place.position, place.length);
    await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get('retry-after') ?? 3) * 1000));
  }
}

function showWaiting(position: number, length: number): void {
  const waiting = document.querySelector('.loading');
  if (!waiting) return;
  waiting.setAttribute('data-queue-position', String(position));
  waiting.replaceChildren(
    el('strong', {}, position === 1 ? 'You are next in line.' : `You are number ${position} in line.`),
    el('span', {}, ` Every seat in this lab is taken (${length} waiting). Keep this page open: your shell starts by itself as soon as a seat frees up.`),
  );
}

const SPLIT_KEY = 'registry-lab:split';
const EXPIRY_WARNING_MS = 5 * 60_000;

/** A draggable (and keyboard-movable) divider between the lesson text and the terminal side. */
function splitter(layout: HTMLElement): HTMLElement {
  const handle = el('div', { class: 'splitter', role: 'separator', 'aria-orientation': 'vertical', 'aria-label': 'Resize the lesson text', tabindex: '0' });
  const apply = (px: number) => {
    const width = Math.round(Math.min(Math.max(px, 280), layout.clientWidth - 420));
    layout.style.gridTemplateColumns = `${width}px 8px 1fr`;
    handle.setAttribute('aria-valuenow', String(width));
    localStorage.setItem(SPLIT_KEY, String(width));
  };
  const saved = Number(localStorage.getItem(SPLIT_KEY));
  if (saved) requestAnimationFrame(() => apply(saved));
  handle.addEventListener('pointerdown', (down) => {
    handle.setPointerCapture(down.pointerId);
    const left = layout.getBoundingClientRect().left;
    const move = (event: PointerEvent) => apply(event.clientX - left);
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', () => handle.removeEventListener('pointermove', move), { once: true });
  });
  handle.addEventListener('keydown', (event) => {
    const step = event.key === 'ArrowLeft' ? -40 : event.key === 'ArrowRight' ? 40 : 0;
    if (!step) return;
    event.preventDefault();
    apply((layout.firstElementChild as HTMLElement).getBoundingClientRect().width + step);
  });
  return handle;
}

/** Copy on every code block, and Run (type it into the host's terminal) where the lesson names a host. */
function wireCodeBlocks(article: HTMLElement, hosts: string[], run: (host: string, code: string) => void): void {
  for (const block of article.querySelectorAll<HTMLElement>('[data-code-block]')) {
    const code = block.querySelector('code')?.textContent ?? '';
    const copy = el('button', { type: 'button', class: 'small secondary' }, 'Copy');
    copy.addEventListener('click', () => void navigator.clipboard?.writeText(code).then(() => (copy.textContent = 'Copied'), () => (copy.textContent = 'Copy failed')));
    const bar = el('div', { class: 'code-actions' }, copy);
    const host = block.dataset.runHost;
    if (host && hosts.includes(host)) {
      const button = el('button', { type: 'button', class: 'small', 'data-action': 'run' }, `▶ Run on ${host}`);
      button.addEventListener('click', () => run(host, code.endsWith('\n') ? code : `${code}\n`));
      bar.append(button);
    }
    block.prepend(bar);
  }
}

export async function renderLessonView(root: HTMLElement, lessonId: string): Promise<void> {
  root.replaceChildren(el('p', { class: 'loading' }, 'Starting your registry and shell…'));
  const lesson = await api<LessonDetail>(`/api/lessons/${lessonId}`);
  let session = await openSession(lessonId);
  document.title = `${lesson.title} · Registry Lab`;

  const article = el('article', { class: 'lesson-text' });
  article.innerHTML = lesson.html; // rendered by the server with raw HTML disabled
  const taskList = el('ol', { class: 'tasks', 'data-tasks': '' });
  const checkButton = el('button', { type: 'button', 'data-action': 'check' }, 'Check');
  const resetButton = el('button', { type: 'button', 'data-action': 'reset', class: 'secondary' }, 'Reset lesson');
  const endButton = el('button', { type: 'button', 'data-action': 'end', class: 'secondary' }, 'End session');
  const extendButton = el('button', { type: 'button', 'data-action': 'extend', class: 'secondary' }, '+30 min');
  const stateLine = el('span', { class: 'session-state', 'data-session-state': '' }, '');
  const banner = el('div', { class: 'banner', role: 'status', 'data-banner': '', hidden: '' });
  const tabs = el('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Hosts' });
  const terminalsBox = el('div', { class: 'terminals' });
  const inspectorBox = el('div', { class: 'inspector', 'data-inspector': '' }, el('p', { class: 'loading' }, 'Reading the registry…'));
  const trafficBox = el('div', { class: 'traffic-panel' });
  const terminals = new Map<string, TerminalHandle>();

  const layout = el('div', { class: 'lesson-layout' });
  layout.append(
    el('section', { class: 'left', 'aria-label': 'Lesson' }, el('div', { class: 'task-panel' }, el('h2', {}, 'Tasks'), taskList, el('div', { class: 'controls' }, checkButton, resetButton, extendButton, endButton, stateLine)), article),
    splitter(layout),
    el('section', { class: 'right', 'aria-label': 'Workspace' }, tabs, terminalsBox, el('div', { class: 'panels' }, el('section', { 'aria-label': 'Registry inspector' }, el('h2', {}, 'Registry'), inspectorBox), el('section', { 'aria-label': 'Traffic' }, el('h2', {}, 'Traffic'), trafficBox))),
  );
  root.replaceChildren(banner, layout);
  const inspector = createInspector(inspectorBox);
  const traffic = createTrafficPanel(trafficBox);

  const showBanner = (message: string, action?: { label: string; run: () => void }) => {
    banner.hidden = false;
    banner.replaceChildren(el('span', {}, message));
    if (action) {
      const button = el('button', { type: 'button', class: 'small' }, action.label);
      button.addEventListener('click', action.run);
      banner.append(' ', button);
    }
  };
  const startOver = { label: 'Start a new session', run: () => { sessionStorage.removeItem(STORAGE_KEY(lessonId)); location.reload(); } };

  const selectHost = (host: string) => {
    for (const [name, handle] of terminals) {
      terminalsBox.querySelector<HTMLElement>(`[data-terminal="${name}"]`)!.hidden = name !== host;
      const tab = tabs.querySelector(`[data-host="${name}"]`);
      tab?.setAttribute('aria-selected', String(name === host));
      tab?.setAttribute('tabindex', name === host ? '0' : '-1');
      if (name === host) handle.focus();
    }
  };
  for (const host of session.hosts) {
    const pane = el('div', { class: 'terminal', 'data-terminal': host, role: 'tabpanel', 'aria-label': `Terminal on ${host}` });
    const status = el('span', { class: 'term-status' }, '');
    const tab = el('button', { type: 'button', role: 'tab', 'data-host': host }, host, status);
    tab.addEventListener('click', () => selectHost(host));
    tabs.append(tab);
    terminalsBox.append(pane);
    terminals.set(host, mountTerminal(pane, { sessionId: session.id, host, onStatus: (value, detail) => (status.textContent = value === 'ready' ? '' : ` · ${detail ?? value}`) }));
  }
  selectHost(session.hosts[0]!);
  // The tab list follows the ARIA tabs pattern: ←/→ move between hosts.
  tabs.addEventListener('keydown', (event) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    const current = session.hosts.indexOf((event.target as HTMLElement).dataset.host ?? '');
    if (!step || current === -1) return;
    const next = session.hosts[(current + step + session.hosts.length) % session.hosts.length]!;
    selectHost(next);
    tabs.querySelector<HTMLElement>(`[data-host="${next}"]`)!.focus();
    event.preventDefault();
  });
  wireCodeBlocks(article, session.hosts, (host, code) => {
    selectHost(host);
    terminals.get(host)!.paste(code);
  });

  let inspectTimer: number | undefined;
  const refreshInspector = () => {
    clearTimeout(inspectTimer);
    inspectTimer = window.setTimeout(() => api<Snapshot>(`/api/sessions/${session.id}/registry`).then(inspector.update, (error: Error) => inspector.showError(`The registry cannot be read right now: ${error.message}`)), 200);
  };
  const showState = () => {
    const left = Date.parse(session.expiresAt) - Date.now();
    stateLine.classList.toggle('warning', session.state === 'ready' && left <= EXPIRY_WARNING_MS);
    stateLine.textContent = session.state === 'ready' ? `${Math.max(0, Math.round(left / 60000))} min left` : session.state;
    if (session.state === 'failed') showBanner(`This session stopped working: ${session.failure ?? 'unknown reason'}. Reset the lesson to get a fresh registry and shell.`);
    else if (session.state === 'closed') showBanner('This session has ended (it expired, sat idle too long, or was ended). Your passed tasks are kept.', startOver);
    else banner.hidden = true;
  };

  renderTasks(taskList, (await api<{ tasks: TaskState[] }>(`/api/sessions/${session.id}/tasks`)).tasks, lesson.next);
  traffic.append((await api<{ entries: TrafficEntry[] }>(`/api/sessions/${session.id}/traffic`)).entries);
  refreshInspector();
  showState();
  window.setInterval(showState, 30_000);

  const events = new EventSource(`/api/sessions/${session.id}/events`);
  events.addEventListener('tasks', (event) => renderTasks(taskList, (JSON.parse((event as MessageEvent).data) as { tasks: TaskState[] }).tasks, lesson.next));
  events.addEventListener('traffic', (event) => {
    const entry = JSON.parse((event as MessageEvent).data) as TrafficEntry;
    traffic.append([entry]);
    if (!['GET', 'HEAD'].includes(entry.method)) refreshInspector();
  });
  events.addEventListener('state', (event) => {
    session = { ...session, ...(JSON.parse((event as MessageEvent).data) as SessionInfo) };
    showState();
  });
  events.addEventListener('reset', () => {
    traffic.clear();
    refreshInspector();
  });
  events.addEventListener('expiring', showState);
  // EventSource reconnects by itself; when it is back, the session may not have survived (a server restart).
  events.addEventListener('error', () => {
    if (session.state === 'ready') showBanner('Lost contact with the lab server. Reconnecting…');
  });
  events.addEventListener('open', () => {
    api<SessionInfo>(`/api/sessions/${session.id}`).then(
      (fresh) => { session = { ...session, ...fresh }; showState(); },
      () => { events.close(); showBanner('The lab server restarted and this session is gone. Your passed tasks are kept.', startOver); },
    );
  });

  checkButton.addEventListener('click', async () => {
    checkButton.disabled = true;
    try {
      renderTasks(taskList, (await api<{ tasks: TaskState[] }>(`/api/sessions/${session.id}/check`, { method: 'POST' })).tasks, lesson.next);
    } catch (error) {
      showBanner(`The check could not run: ${(error as Error).message}`);
    } finally {
      checkButton.disabled = false;
    }
  });
  resetButton.addEventListener('click', async () => {
    if (!confirm('Reset the lesson? Your registry and files start over.')) return;
    // Stop listening first: during the reset the registry and terminals are briefly unavailable.
    events.close();
    clearTimeout(inspectTimer);
    for (const handle of terminals.values()) handle.dispose();
    showBanner('Resetting: a fresh registry and fresh files…');
    await api(`/api/sessions/${session.id}/reset`, { method: 'POST' }).catch((error: Error) => showBanner(`The reset failed: ${error.message}`));
    location.reload();
  });
  extendButton.addEventListener('click', async () => {
    session = { ...session, ...(await api<SessionInfo>(`/api/sessions/${session.id}/extend`, { method: 'POST' })) };
    showState();
  });
  endButton.addEventListener('click', async () => {
    if (!confirm('End this session? Its registry and files are deleted; your passed tasks are kept.')) return;
    await api(`/api/sessions/${session.id}`, { method: 'DELETE' });
    sessionStorage.removeItem(STORAGE_KEY(lessonId));
    location.href = '/';
  });
}
