/**
 * The lesson view: the lesson text beside a terminal per host, the live task list, the registry
 * inspector and the traffic panel, all fed by the session's server-sent events.
 */
import { api, el, formatBytes, shortDigest } from './dom.ts';
import { mountTerminal, type TerminalHandle } from './terminal.ts';

interface LessonDetail { id: string; title: string; html: string; hosts: string[]; next: string | null; tasks: { id: string; title: string }[] }
interface SessionInfo { id: string; state: string; hosts: string[]; expiresAt: string; failure?: string }
interface TaskState { id: string; title: string; status: string; message?: string; hint?: string }
interface TrafficEntry { id: number; method: string; path: string; query: string; status: number; durationMs: number; requestBytes: number; responseBytes: number; requestHeaders: Record<string, string>; responseHeaders: Record<string, string>; errorBody?: string }
interface Descriptor { mediaType: string; digest: string; size: number; platform?: { os: string; architecture: string } }
interface Snapshot { repositories: { name: string; tags: { name: string; digest: string | null }[]; manifests: { digest: string; mediaType: string; size: number; kind: string; tags: string[]; config?: Descriptor; layers?: Descriptor[]; manifests?: Descriptor[]; json: string }[]; blobs: { digest: string; size: number | null; mediaType: string | null; referencedBy: string[] }[] }[] }

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

function renderTasks(list: HTMLElement, tasks: TaskState[], lesson: LessonDetail): void {
  list.replaceChildren(
    ...tasks.map((task) => {
      const item = el('li', { class: `task ${task.status}`, 'data-task-id': task.id, 'data-status': task.status }, el('span', { class: 'badge' }, task.status), el('span', { class: 'title' }, task.title));
      if (task.message && task.status !== 'blocked') item.append(el('p', { class: 'message' }, task.message));
      if (task.hint) item.append(el('p', { class: task.status === 'failed' ? 'hint' : 'hint soft' }, `${task.status === 'failed' ? 'Hint' : 'How'}: ${task.hint}`));
      return item;
    }),
  );
  if (tasks.length && tasks.every((task) => task.status === 'passed')) {
    const done = el('li', { class: 'done' }, 'Every task passed. Well done! ');
    if (lesson.next) done.append(el('a', { href: `/lessons/${lesson.next}` }, 'Next lesson →'));
    list.append(done);
  }
}

function descriptorRow(label: string, descriptor: Descriptor): HTMLElement {
  const copy = el('button', { class: 'digest', title: 'Copy the full digest', type: 'button' }, shortDigest(descriptor.digest));
  copy.addEventListener('click', () => void navigator.clipboard?.writeText(descriptor.digest));
  const platform = descriptor.platform ? ` ${descriptor.platform.os}/${descriptor.platform.architecture}` : '';
  return el('li', {}, `${label}${platform} `, copy, ` ${descriptor.mediaType} · ${formatBytes(descriptor.size)}`);
}

function renderInspector(panel: HTMLElement, snapshot: Snapshot): void {
  if (!snapshot.repositories.length) return panel.replaceChildren(el('p', { class: 'empty' }, 'The registry is empty.'));
  panel.replaceChildren(
    ...snapshot.repositories.map((repo) => {
      const manifests = repo.manifests.map((manifest) => {
        const show = el('button', { type: 'button', class: 'link' }, 'JSON');
        const pre = el('pre', { class: 'json', hidden: '' });
        show.addEventListener('click', () => {
          pre.textContent = JSON.stringify(JSON.parse(manifest.json), null, 2);
          pre.toggleAttribute('hidden');
        });
        const children = el('ul', {}, ...(manifest.config ? [descriptorRow('config', manifest.config)] : []), ...(manifest.layers ?? []).map((layer) => descriptorRow('layer', layer)), ...(manifest.manifests ?? []).map((child) => descriptorRow('manifest', child)));
        return el('li', { class: 'manifest' }, el('strong', {}, manifest.kind), ` ${shortDigest(manifest.digest)} ${manifest.tags.length ? `[${manifest.tags.join(', ')}]` : '(untagged)'} · ${formatBytes(manifest.size)} `, show, children, pre);
      });
      const orphans = repo.blobs.filter((blob) => !blob.referencedBy.length);
      return el(
        'details',
        { open: '', class: 'repository', 'data-repository': repo.name },
        el('summary', {}, `${repo.name} — ${repo.tags.length} tag(s), ${repo.blobs.length} blob(s)`),
        el('ul', {}, ...manifests),
        ...(orphans.length ? [el('p', { class: 'orphans' }, 'Blobs no manifest references:'), el('ul', {}, ...orphans.map((blob) => el('li', { 'data-blob': blob.digest }, `${shortDigest(blob.digest)} · ${formatBytes(blob.size)}`)))] : []),
      );
    }),
  );
}

function trafficRow(entry: TrafficEntry): HTMLElement {
  const statusClass = `s${String(entry.status).charAt(0)}xx`;
  const row = el('details', { class: `traffic ${statusClass}`, 'data-traffic-entry': String(entry.id) });
  const target = entry.query ? `${entry.path}?${entry.query.length > 40 ? `${entry.query.slice(0, 40)}…` : entry.query}` : entry.path;
  row.append(
    el('summary', {}, el('span', { class: 'status' }, String(entry.status)), ' ', el('span', { class: 'method' }, entry.method), ` ${target} · ${formatBytes(entry.requestBytes + entry.responseBytes)} · ${entry.durationMs} ms`),
    el('pre', {}, `> ${entry.method} ${entry.path}${entry.query ? `?${entry.query}` : ''}\n${Object.entries(entry.requestHeaders).map(([k, v]) => `> ${k}: ${v}`).join('\n')}\n< ${entry.status}\n${Object.entries(entry.responseHeaders).map(([k, v]) => `< ${k}: ${v}`).join('\n')}${entry.errorBody ? `\n\n${entry.errorBody}` : ''}`),
  );
  return row;
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
  const tabs = el('div', { class: 'tabs', role: 'tablist' });
  const terminalsBox = el('div', { class: 'terminals' });
  const inspector = el('div', { class: 'inspector', 'data-inspector': '' });
  const traffic = el('div', { class: 'traffic-list', 'data-traffic': '' });
  const terminals = new Map<string, TerminalHandle>();

  root.replaceChildren(
    el('div', { class: 'lesson-layout' },
      el('section', { class: 'left' }, el('div', { class: 'task-panel' }, el('h2', {}, 'Tasks'), taskList, el('div', { class: 'controls' }, checkButton, resetButton, extendButton, endButton, stateLine)), article),
      el('section', { class: 'right' }, tabs, terminalsBox, el('div', { class: 'panels' }, el('section', {}, el('h2', {}, 'Registry'), inspector), el('section', {}, el('h2', {}, 'Traffic'), traffic))),
    ),
  );

  const selectHost = (host: string) => {
    for (const [name, handle] of terminals) {
      const pane = terminalsBox.querySelector<HTMLElement>(`[data-terminal="${name}"]`)!;
      pane.hidden = name !== host;
      tabs.querySelector(`[data-host="${name}"]`)?.setAttribute('aria-selected', String(name === host));
      if (name === host) handle.focus();
    }
  };
  for (const host of session.hosts) {
    const pane = el('div', { class: 'terminal', 'data-terminal': host });
    const tab = el('button', { type: 'button', role: 'tab', 'data-host': host }, host);
    const status = el('span', { class: 'term-status' }, '');
    tab.append(status);
    tab.addEventListener('click', () => selectHost(host));
    tabs.append(tab);
    terminalsBox.append(pane);
    terminals.set(host, mountTerminal(pane, { sessionId: session.id, host, onStatus: (value, detail) => (status.textContent = value === 'ready' ? '' : ` · ${detail ?? value}`) }));
  }
  selectHost(session.hosts[0]!);

  for (const block of article.querySelectorAll<HTMLElement>('[data-code-block]')) {
    const code = block.querySelector('code')?.textContent ?? '';
    const copy = el('button', { type: 'button', class: 'small' }, 'Copy');
    copy.addEventListener('click', () => void navigator.clipboard?.writeText(code));
    const bar = el('div', { class: 'code-actions' }, copy);
    const host = block.dataset.runHost;
    if (host && terminals.has(host)) {
      const run = el('button', { type: 'button', class: 'small', 'data-action': 'run' }, `Run on ${host}`);
      run.addEventListener('click', () => {
        selectHost(host);
        terminals.get(host)!.paste(code.endsWith('\n') ? code : `${code}\n`);
      });
      bar.append(run);
    }
    block.prepend(bar);
  }

  let inspectTimer: number | undefined;
  const refreshInspector = () => {
    clearTimeout(inspectTimer);
    inspectTimer = window.setTimeout(() => api<Snapshot>(`/api/sessions/${session.id}/registry`).then((s) => renderInspector(inspector, s), (error: Error) => inspector.replaceChildren(el('p', { class: 'error' }, error.message))), 200);
  };
  const appendTraffic = (entry: TrafficEntry) => {
    const following = traffic.scrollTop + traffic.clientHeight >= traffic.scrollHeight - 8;
    traffic.append(trafficRow(entry));
    if (following) traffic.scrollTop = traffic.scrollHeight;
  };
  const showState = () => {
    const minutes = Math.max(0, Math.round((Date.parse(session.expiresAt) - Date.now()) / 60000));
    stateLine.textContent = session.state === 'ready' ? `${minutes} min left` : session.failure ?? session.state;
  };

  renderTasks(taskList, (await api<{ tasks: TaskState[] }>(`/api/sessions/${session.id}/tasks`)).tasks, lesson);
  (await api<{ entries: TrafficEntry[] }>(`/api/sessions/${session.id}/traffic`)).entries.forEach(appendTraffic);
  refreshInspector();
  showState();
  window.setInterval(showState, 30_000);

  const events = new EventSource(`/api/sessions/${session.id}/events`);
  events.addEventListener('tasks', (event) => renderTasks(taskList, (JSON.parse((event as MessageEvent).data) as { tasks: TaskState[] }).tasks, lesson));
  events.addEventListener('traffic', (event) => {
    const entry = JSON.parse((event as MessageEvent).data) as TrafficEntry;
    appendTraffic(entry);
    if (!['GET', 'HEAD'].includes(entry.method)) refreshInspector();
  });
  events.addEventListener('state', (event) => {
    session = { ...session, ...(JSON.parse((event as MessageEvent).data) as SessionInfo) };
    showState();
  });
  events.addEventListener('reset', () => {
    traffic.replaceChildren();
    refreshInspector();
  });
  events.addEventListener('expiring', () => stateLine.classList.add('warning'));

  checkButton.addEventListener('click', async () => {
    checkButton.disabled = true;
    try {
      renderTasks(taskList, (await api<{ tasks: TaskState[] }>(`/api/sessions/${session.id}/check`, { method: 'POST' })).tasks, lesson);
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
    await api(`/api/sessions/${session.id}/reset`, { method: 'POST' });
    location.reload();
  });
  extendButton.addEventListener('click', async () => {
    session = { ...session, ...(await api<SessionInfo>(`/api/sessions/${session.id}/extend`, { method: 'POST' })) };
    stateLine.classList.remove('warning');
    showState();
  });
  endButton.addEventListener('click', async () => {
    await api(`/api/sessions/${session.id}`, { method: 'DELETE' });
    sessionStorage.removeItem(STORAGE_KEY(lessonId));
    location.href = '/';
  });
}
