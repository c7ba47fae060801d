/**
 * A browser terminal bound to one host of a session: xterm.js over the lab's WebSocket protocol
 * (design §4.3). Acks after xterm has parsed the bytes, resizes only when visible and changed,
 * reconnects with backoff and lastSeq. Reusable: the lesson view mounts one per host.
 */
import { FitAddon } from '@xterm/addon-fit';
import { Unicode11Addon } from '@xterm/addon-unicode11';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { WebglAddon } from '@xterm/addon-webgl';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { FlowControl, type TerminalClientMessage, type TerminalServerMessage, type TicketAnswer } from '../../server/wire/index.ts';

export type TerminalStatus = 'connecting' | 'ready' | 'reconnecting' | 'ended' | 'taken-over';

export interface TerminalHandle {
  focus(): void;
  /** Types text into the shell, as if the learner had typed it; the focus stays where it is. */
  paste(text: string): void;
  /** Takes the terminal back after another tab took it over. */
  reclaim(): void;
  dispose(): void;
}

export interface TerminalOptions {
  sessionId: string;
  host: string;
  onStatus?: (status: TerminalStatus, detail?: string) => void;
  /**
   * Keyboard users leave the terminal with Shift+Tab (backwards) or Esc then Tab (forwards); Tab
   * alone stays the shell's completion.
   */
  onLeave?: (direction: 'backward' | 'forward') => void;
}

/** How soon after Esc a Tab counts as "leave the terminal" rather than completion. */
const ESC_TAB_WINDOW_MS = 1_000;

const RESIZE_DEBOUNCE_MS = 80;

function openLink(event: MouseEvent, uri: string): void {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return;
  }
  if ((url.protocol === 'http:' || url.protocol === 'https:') && (event.ctrlKey || event.metaKey)) window.open(url.href, '_blank', 'noopener,noreferrer');
}

/** WebGL when the browser has it; on failure or context loss the DOM renderer takes over. */
function loadWebgl(term: Terminal): void {
  try {
    const webgl = new WebglAddon();
    webgl.onContextLoss(() => webgl.dispose());
    term.loadAddon(webgl);
  } catch {
    // The DOM renderer stays in place when WebGL is not available.
  }
}

export function mountTerminal(element: HTMLElement, options: TerminalOptions): TerminalHandle {
  const term = new Terminal({ cursorBlink: false, fontSize: 14, scrollback: 5000, allowProposedApi: true, fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, monospace', theme: { background: '#0f1720' } });
  const fit = new FitAddon();
  term.loadAddon(fit);
  term.loadAddon(new WebLinksAddon(openLink));
  term.loadAddon(new Unicode11Addon());
  term.unicode.activeVersion = '11';
  term.open(element);
  // Automated browsers (navigator.webdriver) get the DOM renderer, so tests can read the screen.
  if (!navigator.webdriver) loadWebgl(term);
  let escapeAt = 0;
  term.attachCustomKeyEventHandler((event) => {
    if (event.type !== 'keydown' || !options.onLeave) return true;
    if (event.key === 'Tab' && event.shiftKey) {
      event.preventDefault();
      options.onLeave('backward');
      return false;
    }
    if (event.key === 'Tab' && Date.now() - escapeAt < ESC_TAB_WINDOW_MS) {
      event.preventDefault();
      escapeAt = 0;
      options.onLeave('forward');
      return false;
    }
    escapeAt = event.key === 'Escape' ? Date.now() : 0;
    return true;
  });


  let ws: WebSocket | undefined;
  let lastSeq = 0;
  let pendingAck = 0;
  let attempts = 0;
  let ended = false;
  let expectSnapshot = false;
  const status = (value: TerminalStatus, detail?: string) => options.onStatus?.(value, detail);
  const send = (data: string | Uint8Array<ArrayBuffer>) => {
    if (ws?.readyState === WebSocket.OPEN) ws.send(data);
  };
  const control = (message: TerminalClientMessage) => send(JSON.stringify(message));
  const encoder = new TextEncoder();
  term.onData((data) => send(encoder.encode(data)));
  term.onBinary((data) => send(Uint8Array.from(data, (c) => c.charCodeAt(0))));
  term.onResize(({ cols, rows }) => control({ t: 'resize', cols, rows }));

  const onOutput = (bytes: Uint8Array) => {
    if (expectSnapshot) {
      expectSnapshot = false;
      term.reset();
    } else {
      lastSeq += 1;
    }
    term.write(bytes, () => {
      pendingAck += bytes.byteLength;
      if (pendingAck >= FlowControl.ACK_EVERY) {
        control({ t: 'ack', bytes: pendingAck });
        pendingAck = 0;
      }
    });
  };

  const onControl = (message: TerminalServerMessage) => {
    if (message.t === 'ready') {
      attempts = 0;
      if (message.mode === 'snapshot') expectSnapshot = true;
      if (message.mode !== 'resume') lastSeq = message.seq;
      status('ready');
    } else if (message.t === 'exit') {
      ended = true;
      status('ended', `the shell exited (code ${message.code})`);
    } else if (message.t === 'error') {
      if (message.reason === 'taken-over') {
        ended = true;
        term.options.disableStdin = true;
        term.options.cursorInactiveStyle = 'none';
        term.blur();
        status('taken-over', 'open in another tab');
      }
    }
  };

  async function connect(): Promise<void> {
    status(attempts ? 'reconnecting' : 'connecting');
    const response = await fetch(`/api/sessions/${options.sessionId}/terminals/${options.host}/ticket`, { method: 'POST', credentials: 'same-origin' });
    if (response.status === 404) {
      ended = true;
      status('ended', 'the session has ended');
      return;
    }
    if (!response.ok) throw new Error(`ticket: HTTP ${response.status}`);
    const { ticket } = (await response.json()) as TicketAnswer;
    const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/sessions/${options.sessionId}/terminals/${options.host}`);
    socket.binaryType = 'arraybuffer';
    ws = socket;
    pendingAck = 0;
    socket.onopen = () => {
      const hello: TerminalClientMessage = { t: 'hello', ticket, cols: term.cols, rows: term.rows, ...(lastSeq > 0 ? { lastSeq } : {}) };
      socket.send(JSON.stringify(hello));
    };
    socket.onmessage = (event) => {
      if (typeof event.data === 'string') onControl(JSON.parse(event.data) as TerminalServerMessage);
      else onOutput(new Uint8Array(event.data as ArrayBuffer));
    };
    socket.onclose = () => {
      if (ws !== socket || ended) return;
      scheduleReconnect();
    };
  }

  const scheduleReconnect = () => {
    attempts += 1;
    status('reconnecting');
    setTimeout(() => connect().catch(scheduleReconnect), Math.min(10_000, 250 * 2 ** Math.min(attempts, 6)));
  };

  let resizeTimer: number | undefined;
  const observer = new ResizeObserver(() => {
    clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(() => {
      if (element.offsetParent === null) return;
      const proposed = fit.proposeDimensions();
      if (!proposed || proposed.cols < 10 || proposed.rows < 3) return;
      if (proposed.cols !== term.cols || proposed.rows !== term.rows) fit.fit();
    }, RESIZE_DEBOUNCE_MS);
  });
  observer.observe(element);
  if (element.offsetParent !== null) {
    const proposed = fit.proposeDimensions();
    if (proposed && proposed.cols >= 10 && proposed.rows >= 3) fit.fit();
  }
  connect().catch(scheduleReconnect);

  return {
    focus: () => term.focus(),
    paste: (text) => send(encoder.encode(text)),
    reclaim: () => {
      ended = false;
      attempts = 0;
      term.options.disableStdin = false;
      term.options.cursorInactiveStyle = 'outline';
      connect().catch(scheduleReconnect);
    },
    dispose: () => {
      ended = true;
      observer.disconnect();
      ws?.close();
      term.dispose();
    },
  };
}
