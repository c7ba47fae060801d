/**
 * `npm run lint:layers` (part of `npm test`): the server's subsystems are layers that point one way,
 * and code outside a subsystem uses only its entry module.
 *
 *  1. A subsystem (a folder of server/, and checkers/lib) is imported from outside only through its
 *     index.ts: its other files are internals that may change without notice.
 *  2. A lower layer never imports a higher one (LAYERS below), not even for types: a type-level
 *     import is how the cycle between the sandbox and the sessions began.
 *  3. Scripts and lessons never import the test helpers: tests depend on the product, not the reverse.
 *  4. A lesson's TypeScript (setup.ts, and any helper beside it) and a checker (checkers/<id>.ts)
 *     import only the authoring kit (kit/index.ts) and files of their own lesson's folder (a checker
 *     its setup.ts, for the fixtures' types): one door for authors, so the server's insides can
 *     change without touching the curriculum.
 *
 * Each violation names the importing file, the line, the import and the fix.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Lowest first. A subsystem may import those of a lower rank; equal ranks may not import each other.
 * Foundations (rank 0) import no other subsystem.
 */
const LAYERS: Record<string, number> = {
  'server/log': 0,
  'server/config': 0,
  'server/metrics': 0,
  'server/progress': 0,
  /** The browser's contract (terminal protocol, API answers): bundled into the client, so it imports nothing. */
  'server/wire': 0,
  /** Slices of the event loop that requests and background checks take in turn. */
  'server/turns': 0,
  'server/terminal': 1,
  /** Lab nodes sharing a store: heartbeats, dead nodes' sessions, forwarding an instructor's requests. */
  'server/cluster': 1,
  'server/sandbox': 1,
  'server/registry': 2,
  'server/recorder': 3,
  'server/sessions': 4,
  'checkers/lib': 5,
  'server/lessons': 6,
  'server/api': 7,
  kit: 7,
};

const KIT = 'kit/index.ts';
const LESSON_FILE = /^lessons\/([^/]+)\/.+\.ts$/;
const CHECKER = /^checkers\/([^/]+)\.ts$/;

const SOURCE_DIRS = ['server', 'checkers', 'lessons', 'kit', 'scripts', 'client/src'];
/** A relative import or re-export, or the closing line of one written over several lines. */
const IMPORT = /^\s*(?:(?:import|export)\b[^'"]*?|\}\s*)from\s+['"](\.{1,2}\/[^'"]+)['"]/;

function sourceFiles(dir: string): string[] {
  const absolute = path.join(root, dir);
  let entries: string[];
  try {
    entries = readdirSync(absolute);
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const relative = path.join(dir, entry);
    if (entry === 'node_modules' || entry === 'dist') return [];
    if (statSync(path.join(root, relative)).isDirectory()) return sourceFiles(relative);
    return entry.endsWith('.ts') ? [relative] : [];
  });
}

/** The subsystem a repository-relative path belongs to, if any. */
function subsystemOf(file: string): string | undefined {
  return Object.keys(LAYERS).find((subsystem) => file.startsWith(`${subsystem}/`));
}

export interface Violation {
  file: string;
  line: number;
  target: string;
  problem: string;
}

/** What a lesson's file or a checker may not import: anything but the kit and its own lesson's folder. */
function checkAuthorImport(target: string, lesson: string): string | undefined {
  if (target === KIT || target.startsWith(`lessons/${lesson}/`)) return undefined;
  return `is not the authoring kit: a lesson's setup.ts and its checker import only ${KIT} or files in lessons/${lesson}/; import it from the kit (export it there if it is missing)`;
}

export function checkImport(file: string, target: string): string | undefined {
  const from = subsystemOf(file);
  const to = subsystemOf(target);
  if (target.startsWith('test/') && !file.startsWith('test/')) {
    return 'imports a test helper; move what it needs into the product (e.g. a scripts/lib module) and let the tests import that';
  }
  const lesson = (LESSON_FILE.exec(file) ?? CHECKER.exec(file))?.[1];
  if (lesson) return checkAuthorImport(target, lesson);
  if (!to || from === to) return undefined;
  if (target !== `${to}/index.ts`) return `reaches into ${to}'s internals; import ${to}/index.ts (export what you need from there)`;
  if (from === undefined) return undefined;
  if (LAYERS[to]! >= LAYERS[from]!) {
    return `${from} (layer ${LAYERS[from]}) imports ${to} (layer ${LAYERS[to]}): a layer may only import lower ones; move the shared contract down into ${to === from ? 'a lower layer' : `${from} or below`}`;
  }
  return undefined;
}

/** The relative specifiers a source text imports or re-exports, with their 1-based line numbers. */
export function relativeImports(source: string): { line: number; specifier: string }[] {
  return source.split('\n').flatMap((text, index) => {
    const specifier = IMPORT.exec(text)?.[1];
    return specifier ? [{ line: index + 1, specifier }] : [];
  });
}

export function lintLayers(): Violation[] {
  const violations: Violation[] = [];
  for (const file of SOURCE_DIRS.flatMap(sourceFiles)) {
    for (const { line, specifier } of relativeImports(readFileSync(path.join(root, file), 'utf8'))) {
      const target = path.relative(root, path.resolve(path.join(root, path.dirname(file)), specifier));
      const problem = checkImport(file, target);
      if (problem) violations.push({ file, line, target, problem });
    }
  }
  return violations;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const violations = lintLayers();
  for (const v of violations) console.error(`${v.file}:${v.line}: import of ${v.target} ${v.problem}`);
  if (violations.length) {
    console.error(`\n${violations.length} layering violation(s)`);
    process.exit(1);
  }
  console.log('layers: every import points down, and only at entry modules');
}
