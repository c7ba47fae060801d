/**
 * The lesson view: the lesson text beside a terminal per host, the live task list, the registry
 * inspector and the traffic panel, all fed by the session's server-sent events. The session belongs
 * to the learner (cookie), not the tab: the page asks the server for the learner's session for this
 * lesson, which attaches to a running one from any tab or device, or starts one.
 */
import { createBanner } from './banner.ts';
import { whenServerAnswers, type ContactOutcome } from './contact.ts';
import { announce, api, el } from './dom.ts';
import { courseMap, loadCourse, type Course } from './course.ts';
import { labsList, mySessions } from './labs.ts';
import type { ApiErrorBody, LessonDetail, SessionInfo, SolutionPartAnswer, TaskList, TaskState, TrafficLog } from '../../server/wire/index.ts';
import { createInspector, createTrafficPanel, renderTasks, type Snapshot, type TrafficEntry } from './panels.ts';
import { mountTerminal, type TerminalHandle } from './terminal.ts';

const SPLIT_KEY = 'registry-lab:split';
const EXPIRY_WARNING_MS = 5 * 60_000;
const STARTING_POLL_MS = 500;
const COPIED_FOR_MS = 2_000;
/** Between the host sections of one "Show me", so the first host's commands finish before the next host's start. */
const SHOW_ME_HOST_GAP_MS = 2_500;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A page in place of the lesson while the learner waits or decides; returns the element to fill. */
function interstitial(root: HTMLElement, heading: string, ...content: (Node | string)[]): HTMLElement {
  const box = el('section', { class: 'page interstitial', 'data-interstitial': '' }, el('h1', {}, heading), ...content);
  root.replaceChildren(box);
  return box;
}

/** Resolves when the learner presses one of the buttons; the value of the one pressed. */
function choose<T extends string>(box: HTMLElement, options: { label: string; value: T; action: string; secondary?: boolean }[]): Promise<T> {
  return new Promise((resolve) => {
    const bar = el('div', { class: 'controls' });
    for (const option of options) {
      const button = el('button', { type: 'button', 'data-action': option.action, ...(option.secondary ? { class: 'secondary' } : {}) }, option.label);
      button.addEventListener('click', () => resolve(option.value));
      bar.append(button);
    }
    box.append(bar);
    bar.querySelector('button')?.focus();
  });
}

/**
 * The learner's session for this lesson: the running one (from any tab or device), or a new one.
 * At capacity it waits in line (showing the place, with a way out); when another lab of theirs is
 * busy it asks before ending it; at the per-learner cap it lists their labs with End.
 */
async function openSession(root: HTMLElement, lesson: LessonDetail, course: Course): Promise<SessionInfo | undefined> {
  let endOthers = false;
  const titleOf = (id: string) => course.lessons.find((candidate) => candidate.id === id)?.title ?? id;
  for (;;) {
    const response = await fetch('/api/sessions', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ lesson: lesson.id, ...(endOthers ? { endOthers } : {}) }) });
    const body = (await response.json()) as SessionInfo & Partial<ApiErrorBody>;
    if (response.ok) return body.state === 'starting' ? waitUntilStarted(body) : body;
    const error = body.error;
    if (response.status === 503 && error?.queue) {
      showWaiting(root, error.queue.position, error.queue.length);
      await sleep(Number(response.headers.get('retry-after') ?? 3) * 1000);
      continue;
    }
    if (response.status === 409 && error?.code === 'other_session_busy') {
      const otherLesson = error.sessions?.[0]?.lesson;
      const box = interstitial(root, 'Your other lab is busy', el('p', {}, error.message), el('p', {}, `Opening ${lesson.title} ends it: its registry and files are deleted (your course progress stays).`));
      const choice = await choose(box, [
        { label: `End it and open ${lesson.title}`, value: 'end', action: 'end-others' },
        { label: `Back to ${otherLesson ? titleOf(otherLesson) : 'it'}`, value: 'back', action: 'back', secondary: true },
      ]);
      if (choice === 'back') {
        location.href = otherLesson ? `/lessons/${otherLesson}` : '/';
        return undefined;
      }
      endOthers = true;
      continue;
    }
    if (response.status === 429 && error?.code !== 'too_many_sessions') {
      // Another budget (e.g. seats per address): say so and try again when the server says to.
      interstitial(root, 'Please wait a moment', el('p', {}, error?.message ?? 'The lab is busy.'), el('p', {}, 'This page tries again by itself.'));
      await sleep(Number(response.headers.get('retry-after') ?? 5) * 1000);
      continue;
    }
    if (response.status === 429) {
      const box = interstitial(root, 'You have too many labs open', el('p', {}, error?.message ?? ''));
      await new Promise<void>((resolve) => {
        const show = async () => {
          const { sessions } = await mySessions();
          box.querySelector('[data-labs], [data-labs-empty]')?.remove();
          box.append(labsList(sessions, titleOf, () => resolve()));
        };
        void show();
      });
      continue;
    }
    throw new Error(error?.message ?? `HTTP ${response.status}`);
  }
}

async function waitUntilStarted(session: SessionInfo): Promise<SessionInfo> {
  let current = session;
  while (current.state === 'starting') {
    await sleep(STARTING_POLL_MS);
    current = await api<SessionInfo>(`/api/sessions/${session.id}`);
  }
  return current;
}

/** The place in line, as it advances, and a way to leave the line (a place not asked about for a while is given up). */
function showWaiting(root: HTMLElement, position: number, length: number): void {
  let box = root.querySelector<HTMLElement>('[data-queue-position]');
  if (!box) {
    box = interstitial(root, 'Waiting for a seat');
    box.classList.add('waiting');
    box.append(el('p', { class: 'place', 'aria-live': 'polite' }), el('p', {}, 'Keep this page open: your shell starts by itself as soon as a seat frees up.'));
    const leave = el('a', { class: 'button secondary', href: '/', 'data-action': 'leave-line' }, 'Leave the line');
    box.append(leave);
  }
  box.setAttribute('data-queue-position', String(position));
  box.querySelector('.place')!.textContent = `${position === 1 ? 'You are next in line.' : `You are number ${position} in line.`} Every seat in this lab is taken (${length} waiting).`;
}

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
  if (saved && window.matchMedia('(min-width: 901px)').matches) requestAnimationFrame(() => apply(saved));
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
    let restore: number | undefined;
    const flash = (label: string) => {
      copy.textContent = label;
      clearTimeout(restore);
      restore = window.setTimeout(() => (copy.textContent = 'Copy'), COPIED_FOR_MS);
    };
    copy.addEventListener('click', () => {
      // No clipboard API outside a secure context (plain http to a host other than localhost).
      if (!navigator.clipboard) return flash('Copy failed');
      void navigator.clipboard.writeText(code).then(() => flash('Copied'), () => flash('Copy failed'));
    });
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

/** The "::task" markers in the text: the task's number, title and status, kept in step with the list. */
function updateTaskAnchors(article: HTMLElement, tasks: TaskState[]): void {
  for (const anchor of article.querySelectorAll<HTMLElement>('[data-task-anchor]')) {
    const index = tasks.findIndex((task) => task.id === anchor.dataset.taskAnchor);
    const task = tasks[index];
    if (!task) continue;
    anchor.setAttribute('data-status', task.status);
    const badge = task.status === 'passed' ? '✓ passed' : task.status === 'restoring' ? 'bringing back' : task.status;
    anchor.replaceChildren(el('span', { class: 'badge' }, badge), ` Task ${index + 1}: ${task.title}`);
  }
}

export async function renderLessonView(root: HTMLElement, lessonId: string): Promise<void> {
  root.replaceChildren(el('p', { class: 'loading' }, 'Starting your registry and shell…'));
  const [lesson, course, health] = await Promise.all([api<LessonDetail>(`/api/lessons/${lessonId}`), loadCourse(), api<{ boot: string }>('/healthz')]);
  document.title = `${lesson.title} · Registry Lab`;
  const opened = await openSession(root, lesson, course);
  if (!opened) return;
  let session = opened;

  const article = el('article', { class: 'lesson-text', id: 'lesson-text' });
  article.innerHTML = lesson.html; // rendered by the server with raw HTML disabled
  const taskList = el('ol', { class: 'tasks', 'data-tasks': '' });
  const restoreLine = el('p', { class: 'restore-progress', role: 'status', 'data-restore-progress': '', hidden: '' });
  const checkButton = el('button', { type: 'button', 'data-action': 'check' }, 'Check');
  const resetRegistryButton = el('button', { type: 'button', 'data-action': 'reset-registry', class: 'secondary', title: 'A fresh registry and fixtures; your shells, history and variables stay' }, 'Reset registry');
  const resetButton = el('button', { type: 'button', 'data-action': 'reset', class: 'secondary', title: 'Everything fresh: registry, files and shells' }, 'Reset lesson');
  const endButton = el('button', { type: 'button', 'data-action': 'end', class: 'secondary' }, 'End session');
  const extendButton = el('button', { type: 'button', 'data-action': 'extend', class: 'secondary' }, '+30 min');
  const stateLine = el('span', { class: 'session-state', 'data-session-state': '' }, '');
  const banner = createBanner();
  const tabs = el('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Hosts' });
  const terminalsBox = el('div', { class: 'terminals', id: 'terminals' });
  const inspectorBox = el('div', { class: 'inspector', 'data-inspector': '' }, el('p', { class: 'loading' }, 'Reading the registry…'));
  const trafficBox = el('div', { class: 'traffic-panel' });
  const registryPanel = el('section', { 'aria-label': 'Registry inspector', tabindex: '-1' }, el('h2', {}, 'Registry'), inspectorBox);
  const terminals = new Map<string, TerminalHandle>();
  const timers: number[] = [];

  const layout = el('div', { class: 'lesson-layout' });
  const taskPanel = el('div', { class: 'task-panel', id: 'tasks', tabindex: '-1' }, el('h2', {}, 'Tasks'), restoreLine, taskList, el('div', { class: 'controls' }, checkButton, extendButton, resetRegistryButton, resetButton, endButton, stateLine));
  layout.append(
    el('section', { class: 'left', 'aria-label': 'Lesson' }, taskPanel, article),
    splitter(layout),
    el('section', { class: 'right', 'aria-label': 'Workspace' },
      el('div', { class: 'dock' }, tabs, terminalsBox),
      el('div', { class: 'panels' }, registryPanel, el('section', { 'aria-label': 'Traffic' }, el('h2', {}, 'Traffic'), trafficBox))),
  );
  const skips = el('nav', { class: 'skip-links', 'aria-label': 'Skip to' }, el('a', { href: '#tasks' }, 'Skip to the tasks'), el('a', { href: '#lesson-text' }, 'Skip to the lesson text'), el('a', { href: '#terminals', 'data-skip-terminal': '' }, 'Skip to the terminal'));
  root.classList.add('lesson-main');
  root.replaceChildren(skips, courseMap(course, lessonId), banner.element, layout);
  const inspector = createInspector(inspectorBox);
  const traffic = createTrafficPanel(trafficBox);

  const showBanner = banner.show;
  const hideBanner = banner.hide;

  let events: EventSource | undefined;
  const teardown = () => {
    events?.close();
    timers.forEach((timer) => clearInterval(timer));
    for (const handle of terminals.values()) handle.dispose();
    terminals.clear();
  };
  const startOver = { label: 'Start a new session', name: 'start-over', run: () => { teardown(); void renderLessonView(root, lessonId); } };

  // Terminals: one per host, behind tabs (the ARIA tabs pattern: ←/→ move between hosts).
  const selectHost = (host: string) => {
    for (const name of session.hosts) {
      terminalsBox.querySelector<HTMLElement>(`[data-terminal="${name}"]`)!.hidden = name !== host;
      const tab = tabs.querySelector(`[data-host="${name}"]`);
      tab?.setAttribute('aria-selected', String(name === host));
      tab?.setAttribute('tabindex', name === host ? '0' : '-1');
    }
  };
  const hostTab = (host: string) => tabs.querySelector<HTMLElement>(`[data-host="${host}"]`)!;
  for (const host of session.hosts) {
    const pane = el('div', { class: 'terminal', 'data-terminal': host, role: 'tabpanel', id: `terminal-${host}`, 'aria-label': `Terminal on ${host}. Shift+Tab, or Esc then Tab, leaves the terminal.` });
    const status = el('span', { class: 'term-status' }, '');
    const tab = el('button', { type: 'button', role: 'tab', 'data-host': host, 'aria-controls': `terminal-${host}` }, host, status);
    tab.addEventListener('click', () => {
      selectHost(host);
      terminals.get(host)?.focus();
    });
    tabs.append(tab);
    terminalsBox.append(pane);
  }
  const mountTerminals = () => {
    for (const host of session.hosts) {
      const pane = terminalsBox.querySelector<HTMLElement>(`[data-terminal="${host}"]`)!;
      pane.replaceChildren();
      const status = hostTab(host).querySelector('.term-status')!;
      const overlay = el('div', { class: 'takeover', 'data-takeover': '', hidden: '' }, el('p', {}, 'This terminal is open in another tab or window, so typing here does nothing.'));
      const useHere = el('button', { type: 'button', 'data-action': 'use-here' }, 'Use here');
      overlay.append(useHere);
      const handle = mountTerminal(pane, {
        sessionId: session.id,
        host,
        onStatus: (value, detail) => {
          status.textContent = value === 'ready' ? '' : ` · ${detail ?? value}`;
          overlay.hidden = value !== 'taken-over';
          pane.classList.toggle('inactive', value === 'taken-over' || value === 'ended');
        },
        onLeave: (direction) => (direction === 'backward' ? hostTab(host).focus() : registryPanel.focus()),
      });
      useHere.addEventListener('click', () => {
        overlay.hidden = true;
        handle.reclaim();
        handle.focus();
      });
      pane.append(overlay);
      terminals.set(host, handle);
    }
  };
  mountTerminals();
  selectHost(session.hosts[0]!);
  tabs.addEventListener('keydown', (event) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    const current = session.hosts.indexOf((event.target as HTMLElement).dataset.host ?? '');
    if (!step || current === -1) return;
    const next = session.hosts[(current + step + session.hosts.length) % session.hosts.length]!;
    selectHost(next);
    hostTab(next).focus();
    event.preventDefault();
  });
  const typeInto = (host: string, text: string) => {
    selectHost(host);
    terminals.get(host)?.paste(text);
    terminalsBox.scrollIntoView({ block: 'nearest' });
  };
  wireCodeBlocks(article, session.hosts, (host, code) => {
    typeInto(host, code);
    announce(`Typed into ${host}.`);
  });

  let lastTasks: TaskState[] = [];
  const showMe = {
    tasks: lesson.showMe,
    run: async (taskId: string, button: HTMLButtonElement) => {
      const title = lesson.tasks.find((task) => task.id === taskId)?.title ?? taskId;
      if (!confirm(`Show me "${title}"? Its steps are typed into your terminal and run there. Your instructor can see that you used Show me.`)) return;
      button.disabled = true;
      try {
        const part = await api<SolutionPartAnswer>(`/api/sessions/${session.id}/tasks/${taskId}/show`, { method: 'POST' });
        for (const [index, section] of part.sections.entries()) {
          if (index) await sleep(SHOW_ME_HOST_GAP_MS);
          typeInto(section.host, section.script.endsWith('\n') ? section.script : `${section.script}\n`);
        }
        announce(`The steps of "${title}" were typed into the terminal.`);
      } catch (error) {
        showBanner('notice', `Show me did not work: ${(error as Error).message}`);
      } finally {
        button.disabled = false;
      }
    },
  };
  const allPassed = (line: HTMLElement) => {
    if (lesson.next) {
      const next = el('button', { type: 'button', 'data-action': 'next-lesson' }, 'Next lesson →');
      next.addEventListener('click', async () => {
        next.disabled = true;
        // Ending this session first keeps the learner well under their cap, with nothing left running.
        await api(`/api/sessions/${session.id}`, { method: 'DELETE' }).catch(() => undefined);
        teardown();
        location.href = `/lessons/${lesson.next}`;
      });
      line.append(next);
    } else {
      line.append(el('a', { href: '/complete', 'data-action': 'course-complete' }, 'Course complete →'));
    }
  };
  /** While the lab replays the learner's earlier tasks into this session: what it is at, in words. */
  const showRestoring = ({ tasks, restoring }: TaskList) => {
    // The line's live region says each step; its disappearing is said here.
    if (!restoring && !restoreLine.hidden) announce('The lab finished bringing back your earlier tasks.');
    restoreLine.hidden = !restoring;
    if (!restoring) return restoreLine.replaceChildren();
    const title = tasks.find((task) => task.id === restoring.task)?.title ?? restoring.task;
    restoreLine.replaceChildren(
      el('strong', {}, `Bringing back what you did in your earlier session: task ${restoring.step} of ${restoring.of}\u2026`),
      ` Now: ${title}. You can type in your terminal meanwhile; the lab is also working in your registry until this is done.`,
    );
  };
  let newestList = 0;
  const showTasks = (list: TaskList) => {
    // A Check's answer made before the newest event-stream list (or the other way round) is old news.
    if (list.seq < newestList) return;
    newestList = list.seq;
    const { tasks } = list;
    showRestoring(list);
    for (const task of tasks) {
      const before = lastTasks.find((candidate) => candidate.id === task.id);
      if (before && before.status !== task.status && (task.status === 'passed' || task.status === 'failed')) announce(`Task "${task.title}" ${task.status}.`);
    }
    lastTasks = tasks;
    renderTasks(taskList, tasks, { showMe, allPassed });
    updateTaskAnchors(article, tasks);
  };

  let inspectTimer: number | undefined;
  const refreshInspector = () => {
    clearTimeout(inspectTimer);
    inspectTimer = window.setTimeout(() => {
      // While a reset runs the registry is being replaced; the state event that says "ready" reads it again.
      if (session.state !== 'ready') return;
      api<Snapshot>(`/api/sessions/${session.id}/registry`).then(inspector.update, (error: Error) => inspector.showError(`The registry cannot be read right now: ${error.message}`));
    }, 200);
  };
  const refreshAll = async () => {
    showTasks(await api<TaskList>(`/api/sessions/${session.id}/tasks`));
    traffic.clear();
    traffic.append((await api<TrafficLog<TrafficEntry>>(`/api/sessions/${session.id}/traffic`)).entries);
    refreshInspector();
  };

  let contact: 'ok' | 'lost' | 'gone' = 'ok';
  const showState = () => {
    if (contact !== 'ok') return;
    const left = Date.parse(session.expiresAt) - Date.now();
    stateLine.classList.toggle('warning', session.state === 'ready' && left <= EXPIRY_WARNING_MS);
    stateLine.textContent = session.state === 'ready' ? `${Math.max(0, Math.round(left / 60000))} min left` : session.state;
    if (session.state === 'failed') showBanner('state', `This session stopped working: ${session.failure ?? 'unknown reason'}. Reset the lesson to get a fresh registry and shell.`);
    else if (session.state === 'closed') sessionGone('This session has ended (it expired, sat idle too long, or was ended elsewhere). Your course progress is kept.');
    else hideBanner('state');
  };
  const sessionGone = (message: string) => {
    contact = 'gone';
    teardown();
    layout.classList.add('stale');
    stateLine.textContent = 'ended';
    showBanner('gone', message, startOver);
  };

  /** While contact is lost: the clock stops, the panels say they may be stale, and the server is asked until it answers. */
  const loseContact = () => {
    if (contact !== 'ok') return;
    contact = 'lost';
    layout.classList.add('stale');
    stateLine.textContent = 'reconnecting…';
    showBanner('contact', 'Lost contact with the lab server. Reconnecting… (what you see may be out of date; typing waits until it is back)');
    void whenServerAnswers<SessionInfo>(health.boot, session.id, () => contact === 'lost').then(regainContact);
  };
  const regainContact = async (outcome: ContactOutcome<SessionInfo> | undefined) => {
    if (!outcome) return;
    if (outcome.kind === 'restarted') return sessionGone('The lab server restarted, and this session ended with it. Your course progress is kept: a new session brings back the tasks you passed.');
    if (outcome.kind === 'ended') return sessionGone('This session has ended. Your course progress is kept.');
    session = { ...session, ...outcome.session };
    contact = 'ok';
    layout.classList.remove('stale');
    hideBanner('contact');
    if (!events || events.readyState === EventSource.CLOSED) listen();
    await refreshAll();
    showState();
  };

  const listen = () => {
    events = new EventSource(`/api/sessions/${session.id}/events`);
    events.addEventListener('tasks', (event) => showTasks(JSON.parse((event as MessageEvent).data) as TaskList));
    events.addEventListener('traffic', (event) => {
      const entry = JSON.parse((event as MessageEvent).data) as TrafficEntry;
      traffic.append([entry]);
      if (!['GET', 'HEAD'].includes(entry.method)) refreshInspector();
    });
    events.addEventListener('state', (event) => {
      const wasReady = session.state === 'ready';
      session = { ...session, ...(JSON.parse((event as MessageEvent).data) as SessionInfo) };
      if (!wasReady && session.state === 'ready') refreshInspector();
      showState();
    });
    events.addEventListener('reset', () => {
      traffic.clear();
      refreshInspector();
    });
    events.addEventListener('expiring', showState);
    // EventSource retries by itself; whether the session survived (a restart ends it) is for the probe to find out.
    events.addEventListener('error', loseContact);
  };

  await refreshAll();
  showState();
  listen();
  timers.push(window.setInterval(showState, 30_000));

  checkButton.addEventListener('click', async () => {
    checkButton.disabled = true;
    try {
      showTasks(await api<TaskList>(`/api/sessions/${session.id}/check`, { method: 'POST' }));
    } catch (error) {
      showBanner('notice', `The check could not run: ${(error as Error).message}`);
    } finally {
      checkButton.disabled = false;
    }
  });
  resetRegistryButton.addEventListener('click', async () => {
    if (!confirm('Reset the registry? It starts over with the lesson\u2019s starting state, and the lesson\u2019s files come back. Your shells, their history and variables stay.')) return;
    resetRegistryButton.disabled = true;
    showBanner('notice', 'Resetting the registry and the lesson\u2019s files…');
    try {
      session = { ...session, ...(await api<SessionInfo>(`/api/sessions/${session.id}/reset`, { method: 'POST', body: JSON.stringify({ keepShells: true }) })) };
      hideBanner('notice');
      await refreshAll();
    } catch (error) {
      showBanner('notice', `The reset failed: ${(error as Error).message}`);
    } finally {
      resetRegistryButton.disabled = false;
    }
  });
  resetButton.addEventListener('click', async () => {
    if (!confirm('Reset the whole lesson? Your registry, files and shells start over.')) return;
    resetButton.disabled = true;
    for (const handle of terminals.values()) handle.dispose();
    terminals.clear();
    showBanner('notice', 'Resetting: a fresh registry, fresh files and fresh shells…');
    try {
      session = { ...session, ...(await api<SessionInfo>(`/api/sessions/${session.id}/reset`, { method: 'POST' })) };
      hideBanner('notice');
    } catch (error) {
      showBanner('notice', `The reset failed: ${(error as Error).message}`);
    }
    mountTerminals();
    await refreshAll().catch(() => undefined);
    showState();
    resetButton.disabled = false;
  });
  extendButton.addEventListener('click', async () => {
    extendButton.disabled = true;
    try {
      session = { ...session, ...(await api<SessionInfo>(`/api/sessions/${session.id}/extend`, { method: 'POST' })) };
      showState();
      announce('30 more minutes.');
    } catch (error) {
      showBanner('notice', `The session could not be extended: ${(error as Error).message}`);
    } finally {
      extendButton.disabled = false;
    }
  });
  endButton.addEventListener('click', async () => {
    if (!confirm('End this session? Its registry and files are deleted; your course progress is kept.')) return;
    await api(`/api/sessions/${session.id}`, { method: 'DELETE' }).catch(() => undefined);
    teardown();
    location.href = '/';
  });
}
