/** Saved content is judged by digest, whatever its name, without following links and within a budget. */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileRefused, findNamed, learnerFiles, savedFiles, sha256 } from '../../checkers/lib/index.ts';

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

function tmpDir() {
  const root = mkdtempSync(path.join(os.tmpdir(), 'lab-saved-'));
  roots.push(root);
  mkdirSync(path.join(root, 'home'));
  mkdirSync(path.join(root, 'tmp', 'pulled', 'blobs', 'sha256'), { recursive: true });
  return { tmp: path.join(root, 'tmp'), files: learnerFiles(path.join(root, 'home'), path.join(root, 'tmp')) };
}

describe('saved blobs', () => {
  it('finds files by content in the folder and its subfolders, and skips links', () => {
    const { tmp, files } = tmpDir();
    writeFileSync(path.join(tmp, 'pulled', 'manifest.json'), '{}');
    writeFileSync(path.join(tmp, 'pulled', 'blobs', 'sha256', 'abc'), 'layer');
    symlinkSync('/etc/passwd', path.join(tmp, 'pulled', 'passwd'));
    const found = savedFiles(files, '/tmp/pulled')!;
    expect(found.map((file) => [file.path, file.digest]).sort()).toEqual([
      ['/tmp/pulled/blobs/sha256/abc', sha256('layer')],
      ['/tmp/pulled/manifest.json', sha256('{}')],
    ]);
    expect(savedFiles(files, '/tmp/missing')).toBeNull();
  });

  it('skips files above the size cap and refuses a folder past its byte budget', () => {
    const { tmp, files } = tmpDir();
    writeFileSync(path.join(tmp, 'pulled', 'big'), Buffer.alloc(4096));
    writeFileSync(path.join(tmp, 'pulled', 'small'), 'x');
    expect(savedFiles(files, '/tmp/pulled', { maxBytes: 1024 })!.map((file) => file.path)).toEqual(['/tmp/pulled/small']);
    expect(() => savedFiles(files, '/tmp/pulled', { maxTotalBytes: 2048 })).toThrow(FileRefused);
  });

  it('finds leftover names at any depth', () => {
    const { tmp, files } = tmpDir();
    mkdirSync(path.join(tmp, 'rootfs', 'etc'), { recursive: true });
    writeFileSync(path.join(tmp, 'rootfs', 'etc', '.wh.motd'), '');
    expect(findNamed(files, '/tmp/rootfs', '.wh.')).toEqual(['/tmp/rootfs/etc/.wh.motd']);
  });
});
