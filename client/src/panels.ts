/**
 * The panels beside a learner's terminal, shared by the lesson view and the instructor's read-only
 * view of one learner: the task list, the registry inspector and the traffic panel.
 */
import type { TrafficEntry } from '../../server/recorder/index.ts';
import type { Descriptor, RegistrySnapshot as Snapshot } from '../../server/registry/index.ts';
import type { TaskState } from '../../server/wire/index.ts';
import { el, formatBytes, shortDigest } from './dom.ts';

// The server's own types, type-only: what the recorder records and the inspector answers.
export type { Snapshot, TrafficEntry };
type RepositoryNode = Snapshot['repositories'][number];
type ManifestNode = RepositoryNode['manifests'][number];

export interface TaskListOptions {
  /** "Show me" buttons (the learner's own view) for the tasks that have a solution part. */
  showMe?: { tasks: string[]; run: (taskId: string, button: HTMLButtonElement) => void };
  /** Fills the "every task passed" line (e.g. with the way on to the next lesson). */
  allPassed?: (line: HTMLElement) => void;
}

/**
 * The task list. The newest task not passed yet shows its message and hint open; the others keep
 * them folded in a <details>, so a long hint cannot push the lesson text out of a small screen.
 */
export function renderTasks(list: HTMLElement, tasks: TaskState[], options: TaskListOptions = {}): void {
  const current = tasks.find((task) => task.status !== 'passed' && task.status !== 'blocked')?.id;
  list.replaceChildren(
    ...tasks.map((task) => {
      const item = el('li', { class: `task ${task.status}`, 'data-task-id': task.id, 'data-status': task.status }, el('span', { class: 'badge' }, task.status === 'restoring' ? 'bringing back' : task.status), el('span', { class: 'title' }, task.title));
      if (task.earlier) item.append(el('span', { class: 'earlier', 'data-earlier': '' }, ' · passed in an earlier session'));
      const details: HTMLElement[] = [];
      if (task.message && task.status !== 'blocked') details.push(el('p', { class: 'message' }, task.message));
      if (task.hint) details.push(el('p', { class: task.status === 'failed' ? 'hint' : 'hint soft' }, `${task.status === 'failed' ? 'Hint' : 'How'}: ${task.hint}`));
      if (details.length && task.id === current) item.append(...details);
      else if (details.length) item.append(el('details', {}, el('summary', {}, task.status === 'passed' ? 'What the check saw' : 'Details'), ...details));
      // A task being replayed is the lab's to type just now, not the learner's.
      if (options.showMe?.tasks.includes(task.id) && task.status !== 'passed' && task.status !== 'blocked' && task.status !== 'restoring') {
        const button = el('button', { type: 'button', class: 'small secondary', 'data-action': 'show-me', 'aria-label': `Show me: type the steps of "${task.title}" into the terminal` }, 'Show me');
        button.addEventListener('click', () => options.showMe!.run(task.id, button));
        item.append(' ', button);
      }
      return item;
    }),
  );
  if (tasks.length && tasks.every((task) => task.status === 'passed')) {
    const done = el('li', { class: 'done', 'data-all-passed': '' }, el('span', { class: 'confetti', 'aria-hidden': 'true' }, '✓'), ' Every task passed. Well done! ');
    options.allPassed?.(done);
    list.append(done);
  }
}

function copyButton(digest: string): HTMLElement {
  const button = el('button', { class: 'digest', title: `Copy ${digest}`, type: 'button' }, shortDigest(digest));
  button.addEventListener('click', () => {
    void navigator.clipboard?.writeText(digest).then(() => {
      button.classList.add('copied');
      setTimeout(() => button.classList.remove('copied'), 900);
    });
  });
  return button;
}

const platformName = (platform: Descriptor['platform']) => (platform ? [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/') : '');

/**
 * A live tree: repository → manifest or index (with its tags) → platform manifests → config and
 * layers. Nodes that were not in the previous snapshot are highlighted for a moment.
 */
export function createInspector(panel: HTMLElement) {
  let previous: Set<string> | undefined;
  let current = new Set<string>();

  const node = (key: string, tag: 'li' | 'details', attributes: Record<string, string>, ...children: (Node | string)[]) => {
    current.add(key);
    const item = el(tag, attributes, ...children);
    if (previous && !previous.has(key)) item.classList.add('changed');
    return item;
  };

  const descriptorItem = (repo: RepositoryNode, label: string, descriptor: Descriptor, depth: number): HTMLElement => {
    const platform = platformName(descriptor.platform);
    const item = node(`${repo.name}@${label}@${descriptor.digest}`, 'li', { class: `descriptor ${label}` }, el('span', { class: 'kind' }, platform ? `${label} ${platform}` : label), ' ', copyButton(descriptor.digest), el('span', { class: 'meta' }, ` ${descriptor.mediaType} · ${formatBytes(descriptor.size)}`));
    const child = depth < 2 ? repo.manifests.find((manifest) => manifest.digest === descriptor.digest) : undefined;
    if (child) item.append(manifestChildren(repo, child, depth + 1));
    else if (label === 'manifest') item.append(el('span', { class: 'missing' }, ' not in this repository'));
    return item;
  };

  const manifestChildren = (repo: RepositoryNode, manifest: ManifestNode, depth: number): HTMLElement =>
    el('ul', {},
      ...(manifest.config ? [descriptorItem(repo, 'config', manifest.config, depth)] : []),
      ...(manifest.layers ?? []).map((layer) => descriptorItem(repo, 'layer', layer, depth)),
      ...(manifest.manifests ?? []).map((child) => descriptorItem(repo, 'manifest', child, depth)));

  const manifestItem = (repo: RepositoryNode, manifest: ManifestNode): HTMLElement => {
    const pre = el('pre', { class: 'json', hidden: '' });
    const show = el('button', { type: 'button', class: 'link', 'aria-expanded': 'false' }, '{ JSON }');
    show.addEventListener('click', () => {
      pre.textContent = JSON.stringify(JSON.parse(manifest.json), null, 2);
      show.setAttribute('aria-expanded', String(pre.toggleAttribute('hidden') === false));
    });
    const tags = manifest.tags.length ? manifest.tags.map((tag) => node(`${repo.name}:${tag}=${manifest.digest}`, 'li', { class: 'tag' }, tag)) : [el('li', { class: 'tag untagged' }, 'untagged')];
    return node(`${repo.name}@${manifest.digest}`, 'li', { class: `manifest ${manifest.kind}`, 'data-manifest': manifest.digest },
      el('ul', { class: 'tags', 'aria-label': 'tags' }, ...tags),
      el('strong', { class: 'kind' }, manifest.artifactType ? `artifact (${manifest.kind})` : manifest.kind), ' ', copyButton(manifest.digest),
      el('span', { class: 'meta' }, ` ${manifest.mediaType} · ${formatBytes(manifest.size)} `), show,
      manifestChildren(repo, manifest, 0), pre);
  };

  const repositoryItem = (repo: RepositoryNode, open: boolean): HTMLElement => {
    // An index's children appear under the index; list them on their own only when nothing tagged names them.
    const named = new Set(repo.manifests.filter((m) => m.tags.length).flatMap((m) => (m.manifests ?? []).map((child) => child.digest)));
    const topLevel = repo.manifests.filter((manifest) => manifest.tags.length || !named.has(manifest.digest));
    const orphans = repo.blobs.filter((blob) => !blob.referencedBy.length);
    const details = node(repo.name, 'details', { class: 'repository', 'data-repository': repo.name },
      el('summary', {}, el('span', { class: 'repo-name' }, repo.name), el('span', { class: 'meta' }, ` ${repo.tags.length} tag${repo.tags.length === 1 ? '' : 's'} · ${repo.manifests.length} manifest${repo.manifests.length === 1 ? '' : 's'} · ${repo.blobs.length} blob${repo.blobs.length === 1 ? '' : 's'}`)),
      el('ul', { class: 'manifests' }, ...topLevel.map((manifest) => manifestItem(repo, manifest))));
    if (open) details.setAttribute('open', '');
    if (orphans.length) {
      details.append(el('p', { class: 'orphans' }, `Blobs no manifest references (${orphans.length}):`), el('ul', {}, ...orphans.map((blob) => node(`${repo.name} blob ${blob.digest}`, 'li', { 'data-blob': blob.digest }, copyButton(blob.digest), el('span', { class: 'meta' }, ` ${formatBytes(blob.size)}`)))));
    }
    return details;
  };

  return {
    update(snapshot: Snapshot): void {
      // Keep what the learner folded folded across updates.
      const closed = new Set([...panel.querySelectorAll<HTMLDetailsElement>('details.repository:not([open])')].map((d) => d.dataset.repository));
      current = new Set();
      if (!snapshot.repositories.length) panel.replaceChildren(el('p', { class: 'empty' }, 'The registry is empty. Push something and it appears here.'));
      else panel.replaceChildren(...snapshot.repositories.map((repo) => repositoryItem(repo, !closed.has(repo.name))));
      previous = current;
    },
    showError(message: string): void {
      panel.replaceChildren(el('p', { class: 'error' }, message));
    },
  };
}

const STATUS_CLASSES = ['2xx', '3xx', '4xx', '5xx'];
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

function select(label: string, options: string[]): HTMLSelectElement {
  return el('select', { 'aria-label': label }, el('option', { value: '' }, `all ${label}`), ...options.map((option) => el('option', { value: option }, option)));
}

function trafficRow(entry: TrafficEntry): HTMLElement {
  const statusClass = `${String(entry.status).charAt(0)}xx`;
  // The lab's own service (token realm, garbage collection) answers at localhost:5001, not the registry's :5000.
  const path = entry.endpoint === 'lab' ? `localhost:5001${entry.path}` : entry.path;
  const target = entry.query ? `${path}?${entry.query}` : path;
  const headers = (prefix: string, values: Record<string, string>) => Object.entries(values).map(([name, value]) => `${prefix} ${name}: ${value}`).join('\n');
  return el('details', { class: `traffic s${statusClass}`, 'data-traffic-entry': String(entry.id), 'data-status-class': statusClass, 'data-method': entry.method },
    el('summary', {}, el('span', { class: 'status' }, String(entry.status)), el('span', { class: 'method' }, entry.method), el('span', { class: 'target', title: target }, target), el('span', { class: 'size' }, formatBytes(entry.requestBytes + entry.responseBytes)), el('span', { class: 'duration' }, `${entry.durationMs} ms`)),
    el('pre', {}, `> ${entry.method} ${target}\n${headers('>', entry.requestHeaders)}\n\n< ${entry.status}\n${headers('<', entry.responseHeaders)}${entry.errorBody ? `\n\n${entry.errorBody}` : ''}${entry.note ? `\n\n# ${entry.note}` : ''}`));
}

/** One row per exchange, newest at the bottom, following unless the reader scrolled up; filters by status class and method. */
export function createTrafficPanel(container: HTMLElement) {
  const list = el('div', { class: 'traffic-list', 'data-traffic': '', tabindex: '0', 'aria-label': 'HTTP exchanges' });
  const statusFilter = select('statuses', STATUS_CLASSES);
  const methodFilter = select('methods', METHODS);
  const count = el('span', { class: 'meta' }, '');
  const empty = el('p', { class: 'empty' }, 'No requests yet. Every request your shell sends to localhost:5000 shows up here.');
  container.replaceChildren(el('div', { class: 'filters' }, statusFilter, methodFilter, count), empty, list);

  const visible = (row: HTMLElement) => (!statusFilter.value || row.dataset.statusClass === statusFilter.value) && (!methodFilter.value || row.dataset.method === methodFilter.value);
  const applyFilters = () => {
    let shown = 0;
    for (const row of list.children as HTMLCollectionOf<HTMLElement>) {
      row.hidden = !visible(row);
      if (!row.hidden) shown++;
    }
    count.textContent = shown === list.children.length ? `${shown} exchange${shown === 1 ? '' : 's'}` : `${shown} of ${list.children.length}`;
    empty.hidden = list.children.length > 0;
  };
  statusFilter.addEventListener('change', applyFilters);
  methodFilter.addEventListener('change', applyFilters);
  applyFilters();

  return {
    append(entries: TrafficEntry[]): void {
      const following = list.scrollTop + list.clientHeight >= list.scrollHeight - 8;
      const known = Number((list.lastElementChild as HTMLElement | null)?.dataset.trafficEntry ?? -1);
      list.append(...entries.filter((entry) => entry.id > known).map(trafficRow));
      applyFilters();
      if (following) list.scrollTop = list.scrollHeight;
    },
    clear(): void {
      list.replaceChildren();
      applyFilters();
    },
  };
}
