/**
 * push-blob: a blob of random bytes for each learner, so every digest is their own, and a challenge:
 * another file to upload to a repository picked per learner, named in ~/challenge.txt.
 */
import { sha256, tarLayer, type SetupContext } from '../../kit/index.ts';

export interface BlobFixture {
  digest: string;
  size: number;
  /** sha256 of the gunzipped tar: what a learner gets from `gunzip -c FILE | sha256sum`. */
  uncompressedDigest: string;
}

export interface PushBlobFixtures extends BlobFixture {
  repository: string;
  /** The digest of ~/other.tar.gz, a decoy that is not the lesson's blob. */
  otherDigest: string;
  challenge: BlobFixture & { repository: string; file: string };
}

export default async function setup({ random, writeFile }: SetupContext): Promise<PushBlobFixtures> {
  const blob = await tarLayer({ 'hello.txt': `hello from ${random.word()}-${random.word()}\n`, 'noise.bin': random.bytes(random.int(2048, 8192)) });
  const other = (await tarLayer({ 'other.txt': random.bytes(512) })).blob;
  const challengeRepository = `${random.word()}/${random.word()}-${random.int(10, 99)}`;
  const challenge = await tarLayer({ 'challenge.txt': `${challengeRepository}\n`, 'noise.bin': random.bytes(random.int(1024, 4096)) });
  writeFile('host-1', '~/blob.tar.gz', blob.blob);
  writeFile('host-1', '~/other.tar.gz', other);
  writeFile('host-1', '~/challenge.tar.gz', challenge.blob);
  writeFile('host-1', '~/challenge.txt', `Challenge: upload ~/challenge.tar.gz as a blob to this repository.\nrepository: ${challengeRepository}\n`);
  const described = (layer: typeof blob): BlobFixture => ({ digest: layer.descriptor.digest, size: layer.blob.length, uncompressedDigest: layer.diffId });
  return {
    repository: 'hello-world',
    ...described(blob),
    otherDigest: sha256(other),
    challenge: { repository: challengeRepository, file: '~/challenge.tar.gz', ...described(challenge) },
  };
}
