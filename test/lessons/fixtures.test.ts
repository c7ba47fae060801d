/** tarLayer: deterministic layers, with links whose targets are written as given (lessons about extraction need hostile ones). */
import { gunzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { tarLayer } from '../../server/lessons/index.ts';
import { sha256 } from '../../server/registry/index.ts';

async function entriesOf(blob: Buffer): Promise<{ name: string; type: string; linkname: string | null | undefined }[]> {
  const extract = tar.extract();
  const seen: { name: string; type: string; linkname: string | null | undefined }[] = [];
  extract.on('entry', (header, stream, next) => {
    seen.push({ name: header.name, type: header.type ?? 'file', linkname: header.linkname });
    stream.on('end', next).resume();
  });
  const done = new Promise<void>((resolve, reject) => extract.on('finish', resolve).on('error', reject));
  extract.end(gunzipSync(blob));
  await done;
  return seen;
}

describe('tarLayer', () => {
  it('writes files, symlinks and hard links in name order, names and targets untouched', async () => {
    const layer = await tarLayer({
      'opt/x/authorized_keys': 'key\n',
      'opt/x': { symlink: '/home/learner/.ssh' },
      '../../tmp/escape.sh': 'echo\n',
      'etc/x.key': { hardlink: '/home/learner/.ssh/id_lab' },
    });
    expect(await entriesOf(layer.blob)).toEqual([
      { name: '../../tmp/escape.sh', type: 'file', linkname: null },
      { name: 'etc/x.key', type: 'link', linkname: '/home/learner/.ssh/id_lab' },
      { name: 'opt/x', type: 'symlink', linkname: '/home/learner/.ssh' },
      { name: 'opt/x/authorized_keys', type: 'file', linkname: null },
    ]);
    expect(layer.diffId).toBe(sha256(gunzipSync(layer.blob)));
  });

  it('gives the same digest for the same entries', async () => {
    const entries = { a: 'one', b: { symlink: 'a' } };
    expect((await tarLayer(entries)).descriptor.digest).toBe((await tarLayer(entries)).descriptor.digest);
  });
});
