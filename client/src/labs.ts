/**
 * "My labs": the learner's running sessions, from any tab or device (they belong to the learner's
 * cookie), each with Open and End. The lesson view shows the same list when the per-learner cap is
 * reached, so the learner is never stuck.
 */
import type { LessonSummary, MySessions, SessionSummary } from '../../server/wire/index.ts';
import { api, el } from './dom.ts';

export async function mySessions(): Promise<MySessions> {
  return api('/api/me/sessions');
}

/** A list of labs with Open and End; calls onChange after one is ended. */
export function labsList(labs: SessionSummary[], titleOf: (lesson: string) => string, onChange: () => void): HTMLElement {
  if (!labs.length) return el('p', { class: 'empty', 'data-labs-empty': '' }, 'No lab is running. Open a lesson to start one.');
  return el('ul', { class: 'labs', 'data-labs': '' }, ...labs.map((lab) => {
    const minutes = Math.max(0, Math.round((Date.parse(lab.expiresAt) - Date.now()) / 60000));
    const end = el('button', { type: 'button', class: 'small secondary', 'data-action': 'end-lab' }, 'End');
    const message = el('span', { class: 'error', role: 'alert' });
    end.addEventListener('click', async () => {
      end.disabled = true;
      try {
        await api(`/api/sessions/${lab.id}`, { method: 'DELETE' });
        onChange();
      } catch (error) {
        message.textContent = ` It could not be ended: ${(error as Error).message}`;
        end.disabled = false;
      }
    });
    const running = lab.running.length ? ` · running ${lab.running.map((r) => `${r.command} on ${r.host}`).join(', ')}` : '';
    // Sessions opened through the API always have a lesson; one started without (by a script) has nothing to open.
    const open = lab.lesson ? [el('a', { class: 'button small', href: `/lessons/${lab.lesson}` }, 'Open'), ' '] : [];
    return el('li', { 'data-lab': lab.id, 'data-lab-lesson': lab.lesson ?? '' },
      el('strong', {}, lab.lesson ? titleOf(lab.lesson) : 'A lab without a lesson'), el('span', { class: 'meta' }, ` ${lab.state} · ${minutes} min left${running} `),
      ...open, end, message);
  }));
}

export async function renderLabs(root: HTMLElement): Promise<void> {
  document.title = 'My labs · Registry Lab';
  const lessons = await api<LessonSummary[]>('/api/lessons');
  const titleOf = (id: string) => lessons.find((lesson) => lesson.id === id)?.title ?? id;
  const box = el('div', {});
  root.replaceChildren(el('section', { class: 'page' }, el('h1', {}, 'My labs'), el('p', {}, 'Your running labs, from every tab and device you use. Ending one deletes its registry and files; your course progress stays.'), box, el('p', {}, el('a', { href: '/' }, '← Back to the course'))));
  const refresh = async () => box.replaceChildren(labsList((await mySessions()).sessions, titleOf, () => void refresh()));
  await refresh();
}
