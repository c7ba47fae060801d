/** The layer rules of scripts/lint-layers.ts, and the tree as it stands. */
import { describe, expect, it } from 'vitest';
import { checkImport, lintLayers, relativeImports } from '../../scripts/lint-layers.ts';

describe('lint:layers', () => {
  it('refuses a lower layer importing a higher one, even its entry module', () => {
    expect(checkImport('server/sandbox/hosts.ts', 'server/sessions/index.ts')).toMatch(/server\/sandbox \(layer 1\) imports server\/sessions \(layer 4\)/);
  });

  it('refuses reaching into another subsystem\u2019s internals', () => {
    expect(checkImport('server/sandbox/hosts.ts', 'server/sessions/types.ts')).toMatch(/internals; import server\/sessions\/index.ts/);
    expect(checkImport('scripts/test-lessons.ts', 'server/registry/client.ts')).toMatch(/internals/);
    expect(checkImport('kit/index.ts', 'checkers/lib/hints.ts')).toMatch(/internals; import checkers\/lib\/index.ts/);
  });

  it('refuses product code importing test helpers', () => {
    expect(checkImport('scripts/test-lessons.ts', 'test/helpers/lab.ts')).toMatch(/test helper/);
  });

  it('refuses a lesson\u2019s setup.ts or a checker importing anything but the authoring kit', () => {
    expect(checkImport('lessons/push-blob/setup.ts', 'server/lessons/index.ts')).toMatch(/not the authoring kit: .* only kit\/index.ts or files in lessons\/push-blob\/;/);
    expect(checkImport('checkers/purge.ts', 'checkers/lib/index.ts')).toMatch(/only kit\/index.ts or files in lessons\/purge\//);
    expect(checkImport('lessons/purge/helpers/blobs.ts', 'server/registry/index.ts')).toMatch(/not the authoring kit/);
    expect(checkImport('checkers/purge.ts', 'server/recorder/index.ts')).toMatch(/not the authoring kit/);
    expect(checkImport('checkers/purge.ts', 'lessons/mount/setup.ts')).toMatch(/not the authoring kit/);
    expect(checkImport('lessons/edit-config/setup.ts', 'lessons/image-layout/setup.ts')).toMatch(/not the authoring kit/);
  });

  it('lets a lesson\u2019s setup.ts and a checker import the kit, and a checker its own lesson\u2019s setup.ts', () => {
    expect(checkImport('lessons/push-blob/setup.ts', 'kit/index.ts')).toBeUndefined();
    expect(checkImport('checkers/push-blob.ts', 'kit/index.ts')).toBeUndefined();
    expect(checkImport('checkers/push-blob.ts', 'lessons/push-blob/setup.ts')).toBeUndefined();
    expect(checkImport('lessons/push-blob/setup.ts', 'lessons/push-blob/blobs.ts')).toBeUndefined();
  });

  it('keeps the kit at the top: the lesson engine may not import it', () => {
    expect(checkImport('server/lessons/runtime.ts', 'kit/index.ts')).toMatch(/server\/lessons \(layer 6\) imports kit \(layer 7\)/);
    expect(checkImport('checkers/lib/hints.ts', 'kit/index.ts')).toMatch(/imports kit/);
  });

  it('allows imports that point down at entry modules, and within a subsystem', () => {
    expect(checkImport('server/sessions/index.ts', 'server/sandbox/index.ts')).toBeUndefined();
    expect(checkImport('server/sessions/index.ts', 'server/sessions/types.ts')).toBeUndefined();
    expect(checkImport('server/lab.ts', 'server/api/index.ts')).toBeUndefined();
  });

  it('reads imports written over several lines, type-only imports and re-exports, not bare packages', () => {
    const source = ["import { isDeepStrictEqual } from 'node:util';", 'import {', '  pass,', "} from '../server/lessons/index.ts';", "import type { A } from './a.ts';", "export { b } from '../b.ts';"].join('\n');
    expect(relativeImports(source)).toEqual([
      { line: 4, specifier: '../server/lessons/index.ts' },
      { line: 5, specifier: './a.ts' },
      { line: 6, specifier: '../b.ts' },
    ]);
  });

  it('finds nothing in the tree as it stands', () => {
    expect(lintLayers()).toEqual([]);
  });
});
