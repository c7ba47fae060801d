/**
 * Loads lessons/<id>/ folders. A broken lesson never stops the server: it is listed as
 * unavailable with an error that names the file, the field and the fix.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { Checker } from '../../checkers/lib/index.ts';
import type { Capabilities } from '../registry/index.ts';
import { renderLesson } from './render.ts';
import { FrontMatter } from './schema.ts';
import type { SetupFunction } from './setup-context.ts';

export interface Lesson {
  id: string;
  dir: string;
  meta: FrontMatter;
  html: string;
  setup: SetupFunction;
  checker: Checker<unknown>;
  /** Registry capabilities the lesson requires that this backend lacks. */
  missingCapabilities: string[];
}

export interface UnavailableLesson {
  id: string;
  errors: string[];
}

export interface Catalog {
  lessons: Lesson[];
  unavailable: UnavailableLesson[];
}

const FRONT_MATTER = /^---\n([\s\S]*?)\n---\n?([\s\S]*)$/;

async function importFresh<T>(file: string, fresh: boolean): Promise<T> {
  const url = pathToFileURL(file).href + (fresh ? `?v=${statSync(file).mtimeMs}` : '');
  return (await import(url)) as T;
}

/** What the lesson's `registry:` settings need that the probe found missing (a capability not probed counts as present). */
function missingForRegistry(meta: FrontMatter, capabilities: Capabilities): string[] {
  const missing: string[] = [];
  if (meta.registry?.auth === 'token' && capabilities.tokenAuth === false) missing.push('tokenAuth');
  if (meta.registry?.auth === 'basic' && capabilities.basicAuth === false) missing.push('basicAuth');
  if (meta.registry?.gc && capabilities.garbageCollect === false) missing.push('garbageCollect');
  return missing;
}

async function loadLesson(lessonsDir: string, checkersDir: string, id: string, capabilities: Capabilities, fresh: boolean): Promise<Lesson | UnavailableLesson> {
  const dir = path.join(lessonsDir, id);
  const shown = (file: string) => path.relative(path.dirname(lessonsDir), path.join(dir, file));
  const errors: string[] = [];
  const markdownFile = path.join(dir, 'lesson.md');
  if (!existsSync(markdownFile)) return { id, errors: [`${shown('lesson.md')}: missing. Every lesson folder needs a lesson.md with front matter.`] };
  const source = readFileSync(markdownFile, 'utf8').replace(/\r\n/g, '\n');
  const match = FRONT_MATTER.exec(source);
  if (!match) return { id, errors: [`${shown('lesson.md')}: no front matter. Start the file with a "---" line, the YAML fields, and another "---" line.`] };
  let raw: unknown;
  try {
    raw = parseYaml(match[1]!);
  } catch (error) {
    return { id, errors: [`${shown('lesson.md')}: the front matter is not valid YAML: ${(error as Error).message.split('\n')[0]}`] };
  }
  const parsed = FrontMatter.safeParse(raw);
  if (!parsed.success) {
    return { id, errors: parsed.error.issues.map((issue) => `${shown('lesson.md')}: ${issue.path.join('.') || 'front matter'}: ${issue.message}`) };
  }
  const meta = parsed.data;
  if (meta.id !== id) errors.push(`${shown('lesson.md')}: id: "${meta.id}" must match the folder name "${id}"`);
  for (const required of ['setup.ts', 'solution.sh']) if (!existsSync(path.join(dir, required))) errors.push(`${shown(required)}: missing (see README, "Writing a lesson")`);
  const checkerFile = path.join(checkersDir, `${id}.ts`);
  if (!existsSync(checkerFile)) errors.push(`checkers/${id}.ts: missing; it exports one check per task`);
  if (errors.length) return { id, errors };

  let setup: SetupFunction;
  let checker: Checker<unknown>;
  try {
    setup = (await importFresh<{ default: SetupFunction }>(path.join(dir, 'setup.ts'), fresh)).default;
    checker = (await importFresh<{ default: Checker<unknown> }>(checkerFile, fresh)).default;
  } catch (error) {
    return { id, errors: [`${shown('setup.ts')} or checkers/${id}.ts does not load: ${(error as Error).message.split('\n')[0]}`] };
  }
  if (typeof setup !== 'function') errors.push(`${shown('setup.ts')}: the default export must be the setup function`);
  for (const task of meta.tasks) if (typeof checker?.[task.id] !== 'function') errors.push(`checkers/${id}.ts: no check for task "${task.id}"`);
  if (errors.length) return { id, errors };

  const missingCapabilities = [...meta.requires.filter((capability) => !capabilities[capability]), ...missingForRegistry(meta, capabilities)];
  return { id, dir, meta, html: renderLesson(match[2]!, meta.hosts[0]!), setup, checker, missingCapabilities };
}

export async function loadCatalog(lessonsDir: string, capabilities: Capabilities, fresh = false): Promise<Catalog> {
  const checkersDir = path.join(path.dirname(lessonsDir), 'checkers');
  const ids = existsSync(lessonsDir)
    ? readdirSync(lessonsDir, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort()
    : [];
  const loaded = await Promise.all(ids.map((id) => loadLesson(lessonsDir, checkersDir, id, capabilities, fresh)));
  const lessons = loaded.filter((lesson): lesson is Lesson => 'meta' in lesson).sort((a, b) => a.meta.order - b.meta.order);
  const unavailable = loaded.filter((lesson): lesson is UnavailableLesson => 'errors' in lesson);
  return { lessons, unavailable };
}
