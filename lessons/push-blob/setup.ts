/** push-blob: a blob of random bytes for each learner, so every digest is their own. */
import type { SetupContext } from '../../server/lessons/index.ts';
import { tarLayer } from '../../server/lessons/index.ts';
import { sha256 } from '../../server/registry/index.ts';

export interface PushBlobFixtures {
  repository: string;
  digest: string;
  size: number;
  /** The digest of ~/other.tar.gz, a decoy that is not the lesson's blob. */
  otherDigest: string;
}

export default async function setup({ random, writeFile }: SetupContext): Promise<PushBlobFixtures> {
  const blob = (await tarLayer({ 'hello.txt': `hello from ${random.word()}-${random.word()}\n`, 'noise.bin': random.bytes(random.int(2048, 8192)) })).blob;
  const other = (await tarLayer({ 'other.txt': random.bytes(512) })).blob;
  writeFile('host-1', '~/blob.tar.gz', blob);
  writeFile('host-1', '~/other.tar.gz', other);
  return { repository: 'hello-world', digest: sha256(blob), size: blob.length, otherDigest: sha256(other) };
}
