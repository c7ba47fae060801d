/** The layer rules of scripts/lint-layers.ts, and the tree as it stands. */
import { describe, expect, it } from 'vitest';
import { checkImport, lintLayers } from '../../scripts/lint-layers.ts';

describe('lint:layers', () => {
  it('refuses a lower layer importing a higher one, even its entry module', () => {
    expect(checkImport('server/sandbox/hosts.ts', 'server/sessions/index.ts')).toMatch(/server\/sandbox \(layer 1\) imports server\/sessions \(layer 4\)/);
  });

  it('refuses reaching into another subsystem\u2019s internals', () => {
    expect(checkImport('server/sandbox/hosts.ts', 'server/sessions/types.ts')).toMatch(/internals; import server\/sessions\/index.ts/);
    expect(checkImport('checkers/purge.ts', 'server/registry/client.ts')).toMatch(/internals/);
  });

  it('refuses product code importing test helpers', () => {
    expect(checkImport('scripts/test-lessons.ts', 'test/helpers/lab.ts')).toMatch(/test helper/);
  });

  it('allows imports that point down at entry modules, and within a subsystem', () => {
    expect(checkImport('server/sessions/index.ts', 'server/sandbox/index.ts')).toBeUndefined();
    expect(checkImport('server/sessions/index.ts', 'server/sessions/types.ts')).toBeUndefined();
    expect(checkImport('server/lab.ts', 'server/api/index.ts')).toBeUndefined();
  });

  it('finds nothing in the tree as it stands', () => {
    expect(lintLayers()).toEqual([]);
  });
});
