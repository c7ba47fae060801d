/**
 * The spec's endpoint table, as the checkers cite it: every row agrees with the spec text itself
 * (shared/reference, beside the repository), and no checker types an "end-N" id by hand.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { citeSpec, SpecEndpoints, specPath } from '../../kit/index.ts';

const SPEC = path.resolve('..', 'shared', 'reference', 'oci-distribution-spec-v1.1.1.md');

/** The rows of the spec's "Endpoints" table: id → methods and path, as the spec writes them. */
function specTable(text: string): Map<string, { methods: string[]; path: string }> {
  const rows = new Map<string, { methods: string[]; path: string }>();
  for (const line of text.split('\n')) {
    const cells = /^\|\s*(end-\w+)\s*\|([^|]+)\|\s*`([^`]+)`\s*\|/.exec(line);
    if (cells) rows.set(cells[1]!, { methods: [...cells[2]!.matchAll(/`([A-Z]+)`/g)].map((m) => m[1]!), path: cells[3]! });
  }
  return rows;
}

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const file = path.join(dir, entry);
    return statSync(file).isDirectory() ? typeScriptFiles(file) : file.endsWith('.ts') ? [file] : [];
  });
}

describe('spec endpoints', () => {
  it.skipIf(!existsSync(SPEC))('has every row of the spec\u2019s endpoint table, with its methods and path, and names sections the spec has', () => {
    const text = readFileSync(SPEC, 'utf8');
    const rows = specTable(text);
    expect(rows.size).toBe(16);
    const ours = Object.values(SpecEndpoints);
    expect(new Set(ours.map((endpoint) => endpoint.id))).toEqual(new Set(rows.keys()));
    for (const endpoint of ours) {
      expect({ id: endpoint.id, methods: [...endpoint.methods], path: endpoint.path }).toEqual({ id: endpoint.id, ...rows.get(endpoint.id) });
      expect(text).toMatch(new RegExp(`^#+ ${endpoint.section}$`, 'm'));
    }
  });

  it('fills the placeholders it is given and leaves the others as the spec writes them', () => {
    expect(specPath(SpecEndpoints.blob, { name: 'my/app' })).toBe('/v2/my/app/blobs/<digest>');
    expect(specPath(SpecEndpoints.mountBlob, { name: 'b', digest: 'sha256:1', other_name: 'a' })).toBe('/v2/b/blobs/uploads/?mount=sha256:1&from=a');
    expect(specPath(SpecEndpoints.listTags, { name: undefined })).toBe('/v2/<name>/tags/list');
    expect(citeSpec(SpecEndpoints.closeUpload)).toBe('spec end-6');
  });

  it('is the only place in the checkers that spells an endpoint id', () => {
    const handTyped = typeScriptFiles('checkers').flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, index) => (/\bend-\d+[ab]?\b/.test(line) ? [`${file}:${index + 1}: ${line.trim().slice(0, 100)}`] : [])),
    );
    expect(handTyped).toEqual([]);
  });
});
