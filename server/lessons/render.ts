/**
 * Lesson Markdown to safe HTML: raw HTML in the source is escaped (html: false), links are http(s)
 * only, code is highlighted, and fenced blocks carry Copy and Run actions as data attributes:
 *   ```sh run            → Run in host-1 (the lesson's first host)
 *   ```sh run=host-2     → Run in host-2
 * A line "::task <id>" marks where a task sits in the text.
 */
import hljs from 'highlight.js';
import MarkdownIt from 'markdown-it';

const RUN = /(?:^|\s)run(?:=(host-[1-9]))?(?:\s|$)/;
const TASK_LINE = /^::task ([a-z0-9-]+)\s*$/gm;

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

export function renderLesson(markdown: string, defaultHost: string): string {
  const md = new MarkdownIt({
    html: false,
    linkify: true,
    typographer: true,
    highlight: (code: string, language: string) => {
      const lang = language && hljs.getLanguage(language) ? language : 'plaintext';
      return hljs.highlight(code, { language: lang, ignoreIllegals: true }).value;
    },
  });
  md.validateLink = (url: string) => /^(https?:|#|\.\.?\/|\/(?!\/))/i.test(url.trim());
  const fence = md.renderer.rules.fence!;
  md.renderer.rules.fence = (tokens, index, options, env, self) => {
    const token = tokens[index]!;
    const info = token.info.trim();
    const run = RUN.exec(info);
    token.info = info.split(/\s+/)[0] ?? '';
    const html = fence(tokens, index, options, env, self);
    const host = run ? (run[1] ?? defaultHost) : '';
    const attributes = `data-code-block${run ? ` data-run-host="${escapeAttribute(host)}"` : ''}`;
    return `<div class="code-block" ${attributes}>${html}</div>\n`;
  };
  const withAnchors = markdown.replace(TASK_LINE, (_line, id: string) => `\n\nLABTASKANCHOR${id}LABTASKANCHOR\n\n`);
  return md
    .render(withAnchors)
    .replace(/<p>LABTASKANCHOR([a-z0-9-]+)LABTASKANCHOR<\/p>/g, (_m, id: string) => `<div class="task-anchor" data-task-anchor="${id}"></div>`);
}
