/** The workshop join form: a code and a display name (only when the host set LAB_WORKSHOP_CODE). */
import { api, el } from './dom.ts';

export function renderJoin(root: HTMLElement, onJoined: () => void): void {
  const code = el('input', { id: 'join-code', name: 'code', required: '', autocomplete: 'off', 'data-join-code': '' });
  const name = el('input', { id: 'join-name', name: 'name', required: '', maxlength: '60', 'data-join-name': '' });
  const message = el('p', { class: 'error', role: 'alert' });
  const submit = el('button', { type: 'submit' }, 'Join');
  const form = el('form', { class: 'join' }, el('h1', {}, 'Join the workshop'), el('label', { for: 'join-code' }, 'Workshop code'), code, el('label', { for: 'join-name' }, 'Your name (your instructor sees it)'), name, submit, message);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    message.textContent = '';
    try {
      await api('/api/join', { method: 'POST', body: JSON.stringify({ code: code.value, name: name.value }) });
      onJoined();
    } catch (error) {
      message.textContent = (error as Error).message;
    } finally {
      submit.disabled = false;
    }
  });
  root.replaceChildren(form);
  code.focus();
}
