/**
 * The lesson view's one banner. Each message has a kind; hiding names the kind it hides, so a
 * periodic state refresh cannot hide "lost contact", and once the session is gone nothing else
 * replaces that message.
 */
import { announce, el } from './dom.ts';

export type BannerKind = 'contact' | 'gone' | 'state' | 'notice';

export interface Banner {
  element: HTMLElement;
  show(kind: BannerKind, message: string, action?: { label: string; name: string; run: () => void }): void;
  hide(kind: BannerKind): void;
}

export function createBanner(): Banner {
  const element = el('div', { class: 'banner', role: 'status', 'data-banner': '', hidden: '' });
  let current: BannerKind | undefined;
  return {
    element,
    show(kind, message, action) {
      if (current === 'gone' && kind !== 'gone') return;
      current = kind;
      element.hidden = false;
      element.setAttribute('data-banner-kind', kind);
      element.replaceChildren(el('span', {}, message));
      if (action) {
        const button = el('button', { type: 'button', class: 'small', 'data-action': action.name }, action.label);
        button.addEventListener('click', action.run);
        element.append(' ', button);
      }
      announce(message);
    },
    hide(kind) {
      if (current !== kind) return;
      current = undefined;
      element.hidden = true;
    },
  };
}
