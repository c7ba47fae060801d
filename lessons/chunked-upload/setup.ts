/**
 * chunked-upload: a layer to send in chunks, and a second one whose upload was started and then
 * "interrupted" after its first chunk, for the learner to resume. The challenge is a third interrupted
 * upload, in a repository of the learner's own, to finish in two or more chunks (~/challenge/ holds the
 * file and its Location). Sizes and contents differ per learner.
 */
import { sha256, tarLayer, type SetupContext } from '../../kit/index.ts';

export interface InterruptedUpload {
  digest: string;
  size: number;
  /** How many bytes the interrupted upload had sent. */
  sent: number;
  /** The upload session's id (the last path segment of its Location). */
  upload: string;
}

export interface ChunkedUploadFixtures {
  repository: string;
  layer: { digest: string; size: number };
  resume: InterruptedUpload;
  challenge: InterruptedUpload & { repository: string };
}

const uploadId = (location: string) => new URL(location).pathname.split('/').pop()!;

export default async function setup({ random, registry, writeFile }: SetupContext): Promise<ChunkedUploadFixtures> {
  const repository = 'chunky';
  // Random bytes do not compress: the layers stay 25-45 KB, a handful of 10 KB chunks.
  const layer = (await tarLayer({ 'data/part.bin': random.bytes(random.int(25_000, 45_000)), 'data/owner.txt': `${random.word()}\n` })).blob;
  writeFile('host-1', '~/layer.tar.gz', layer);

  const resume = (await tarLayer({ 'data/resumed.bin': random.bytes(random.int(20_000, 30_000)) })).blob;
  const sent = random.int(8_000, 12_000);
  const location = await registry.startChunkedUpload(repository, resume.subarray(0, sent));
  writeFile('host-1', '~/resume.tar.gz', resume);
  writeFile('host-1', '~/upload-location.txt', `${location}\n`);

  const challengeRepository = `${random.word()}/uploads`;
  const challengeBlob = (await tarLayer({ 'data/challenge.bin': random.bytes(random.int(30_000, 40_000)) })).blob;
  const challengeSent = random.int(5_000, 15_000);
  const challengeLocation = await registry.startChunkedUpload(challengeRepository, challengeBlob.subarray(0, challengeSent));
  writeFile('host-1', '~/challenge/blob.tar.gz', challengeBlob);
  writeFile('host-1', '~/challenge/location.txt', `${challengeLocation}\n`);

  return {
    repository,
    layer: { digest: sha256(layer), size: layer.length },
    resume: { digest: sha256(resume), size: resume.length, sent, upload: uploadId(location) },
    challenge: { repository: challengeRepository, digest: sha256(challengeBlob), size: challengeBlob.length, sent: challengeSent, upload: uploadId(challengeLocation) },
  };
}
