/** A learner can plant links in their home or /tmp; the checker's file reader must refuse to follow them. */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileRefused, learnerFiles } from '../../checkers/lib/index.ts';

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

function dirs() {
  const root = mkdtempSync(path.join(os.tmpdir(), 'lab-files-'));
  roots.push(root);
  const home = path.join(root, 'home');
  const tmp = path.join(root, 'tmp');
  mkdirSync(home);
  mkdirSync(tmp);
  writeFileSync(path.join(root, 'server-secret'), 'secret');
  return { root, home, tmp, files: learnerFiles(home, tmp) };
}

describe('learner files', () => {
  it('reads files under ~ and /tmp', () => {
    const { home, tmp, files } = dirs();
    writeFileSync(path.join(home, 'a.txt'), ' hello \n');
    writeFileSync(path.join(tmp, 'b.txt'), 'b');
    expect(files.text('~/a.txt')).toBe('hello');
    expect(files.read('/tmp/b.txt')?.toString()).toBe('b');
    expect(files.read('/tmp/missing')).toBeNull();
  });

  it('refuses a planted link to a host file, in the file itself or in a directory on the way', () => {
    const { root, home, tmp, files } = dirs();
    symlinkSync('/etc/shadow', path.join(tmp, 'tags.json'));
    symlinkSync(root, path.join(home, 'up'));
    expect(() => files.read('/tmp/tags.json')).toThrow(FileRefused);
    expect(() => files.read('~/up/server-secret')).toThrow(FileRefused);
  });

  it('refuses .., paths outside ~ and /tmp, directories and oversized files', () => {
    const { home, files } = dirs();
    writeFileSync(path.join(home, 'big'), Buffer.alloc(2048));
    expect(() => files.read('/tmp/../etc/passwd')).toThrow(FileRefused);
    expect(() => files.read('/etc/passwd')).toThrow(FileRefused);
    expect(() => files.read('~/big', 1024)).toThrow(FileRefused);
    mkdirSync(path.join(home, 'dir'));
    expect(() => files.read('~/dir')).toThrow(FileRefused);
  });

  it('lists a directory without following links, and refuses a link on the way or a huge directory', () => {
    const { root, home, tmp, files } = dirs();
    mkdirSync(path.join(tmp, 'pulled'));
    writeFileSync(path.join(tmp, 'pulled', 'b'), 'bb');
    mkdirSync(path.join(tmp, 'pulled', 'a'));
    symlinkSync('/etc/shadow', path.join(tmp, 'pulled', 'c'));
    expect(files.list('/tmp/pulled')).toEqual([
      { name: 'a', kind: 'directory', size: expect.any(Number) },
      { name: 'b', kind: 'file', size: 2 },
      { name: 'c', kind: 'symlink', size: expect.any(Number) },
    ]);
    expect(files.list('/tmp/missing')).toBeNull();
    expect(() => files.list('/tmp/pulled/b')).toThrow(FileRefused);
    symlinkSync(root, path.join(home, 'up'));
    expect(() => files.list('~/up')).toThrow(FileRefused);
    expect(() => files.list('/tmp/pulled', 2)).toThrow(FileRefused);
  });
});
