/**
 * Lesson Markdown to safe HTML: raw HTML in the source is escaped (html: false), links are http(s)
 * only, code is highlighted, and fenced blocks carry Copy and Run actions as data attributes:
 *   ```sh run            → Run in host-1 (the lesson's first host)
 *   ```sh run=host-2     → Run in host-2
 * A block with a placeholder the learner must fill in (`<digest>`, `PASTE-…`) never gets a Run
 * button, whatever its info string says: run as written it would send the placeholder itself.
 * A line "::task <id>" marks where a task sits in the text.
 */
import hljs from 'highlight.js';
import MarkdownIt from 'markdown-it';

const RUN = /(?:^|\s)run(?:=(host-[1-9]))?(?:\s|$)/;
const TASK_LINE = /^::task ([a-z0-9-]+)\s*$/gm;
/** `<digest>`, `<the final name>`, `PASTE-THE-DIGEST-HERE`; not redirections such as `< in > out` or `cat <<EOF > file`. */
const PLACEHOLDER = /<[A-Za-z][\w.:-]*(?: [\w.:-]+)*>|PASTE[-_][A-Z0-9_-]*/;

/** The placeholder a learner would have to replace in this code, if any. */
export function placeholderIn(code: string): string | undefined {
  return PLACEHOLDER.exec(code)?.[0];
}

/** A fenced block whose info string asks for a Run button. `line` is 1-based in the Markdown given. */
export interface RunnableBlock {
  host: string;
  code: string;
  line: number;
  /** Set when the block needs the learner's input: it is rendered with Copy only. */
  placeholder?: string;
}

function newMarkdown() {
  return new MarkdownIt({
    html: false,
    linkify: true,
    typographer: true,
    highlight: (code: string, language: string) => {
      const lang = language && hljs.getLanguage(language) ? language : 'plaintext';
      return hljs.highlight(code, { language: lang, ignoreIllegals: true }).value;
    },
  });
}

/** Every block marked `run` (or `run=host-N`), in the order of the text. */
export function runnableBlocks(markdown: string, defaultHost: string): RunnableBlock[] {
  return newMarkdown()
    .parse(markdown, {})
    .filter((token) => token.type === 'fence')
    .flatMap((token) => {
      const run = RUN.exec(token.info.trim());
      if (!run) return [];
      const placeholder = placeholderIn(token.content);
      return [{ host: run[1] ?? defaultHost, code: token.content, line: (token.map?.[0] ?? 0) + 1, ...(placeholder ? { placeholder } : {}) }];
    });
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

export function renderLesson(markdown: string, defaultHost: string): string {
  const md = newMarkdown();
  md.validateLink = (url: string) => /^(https?:|#|\.\.?\/|\/(?!\/))/i.test(url.trim());
  const fence = md.renderer.rules.fence!;
  md.renderer.rules.fence = (tokens, index, options, env, self) => {
    const token = tokens[index]!;
    const info = token.info.trim();
    const run = placeholderIn(token.content) ? null : RUN.exec(info);
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
