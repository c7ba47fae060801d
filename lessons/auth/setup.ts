/**
 * auth: a registry behind the lab's token service. private/app:v1 is an image to pull with a
 * token; ~/notes.txt (per learner) is the blob to push; the challenge pushes ~/challenge.bin into
 * a repository of the learner's own, named in ~/challenge.txt.
 */
import { buildImage, pushImage, sha256, tarLayer, type SetupContext } from '../../kit/index.ts';

export interface AuthFixtures {
  repository: string;
  tag: string;
  manifest: { digest: string; size: number };
  notes: { digest: string; size: number };
  challenge: { repository: string; digest: string; size: number };
}

export default async function setup({ random, registry, writeFile }: SetupContext): Promise<AuthFixtures> {
  const repository = 'private/app';
  const layer = await tarLayer({ 'app/README': `private app, build ${random.int(100, 999)}\n`, 'app/data.bin': random.bytes(1024) });
  const image = buildImage([layer]);
  await pushImage(registry, repository, image, ['v1']);

  const notes = Buffer.from(`Release notes, ${random.word()} edition\n- ${random.word()} fixed\n- ${random.word()} added\n`);
  writeFile('host-1', '~/notes.txt', notes);

  const challengeRepository = `team/${random.word()}-${random.int(10, 99)}`;
  const challengeBlob = Buffer.concat([Buffer.from(`${random.word()} ${random.word()}\n`), random.bytes(64)]);
  writeFile('host-1', '~/challenge.bin', challengeBlob);
  writeFile('host-1', '~/challenge.txt', `repository: ${challengeRepository}\nfile: ~/challenge.bin\n`);

  return {
    repository,
    tag: 'v1',
    manifest: { digest: image.manifest.descriptor.digest, size: image.manifest.descriptor.size },
    notes: { digest: sha256(notes), size: notes.length },
    challenge: { repository: challengeRepository, digest: sha256(challengeBlob), size: challengeBlob.length },
  };
}
