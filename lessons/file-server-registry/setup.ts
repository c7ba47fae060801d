/**
 * file-server-registry: an image (layer, config, manifest) in ~/image to publish on the learner's own
 * nginx, and a second one in ~/extra for the challenge. Nothing is in the registry at the start:
 * the image reaches it only through skopeo reading the file server. Contents differ per learner.
 */
import { buildImage, tarLayer, type Descriptor, type SetupContext } from '../../kit/index.ts';

export interface ServedImage {
  repository: string;
  tag: string;
  /** Where setup put its files (learner path): layer.tar.gz, config.json, manifest.json. */
  dir: string;
  manifest: Descriptor;
  config: Descriptor;
  layer: Descriptor;
}

/** The file server's document root: the learner's nginx serves it, the checker reads it. */
export const ROOT = '~/www';

export interface FileServerFixtures {
  image: ServedImage;
  challenge: ServedImage;
  /** Where the image must end up in the real registry, copied from the file server. */
  copy: { repository: string; tag: string };
}

async function writeImage(context: SetupContext, dir: string, repository: string, tag: string, files: Record<string, string | Buffer>): Promise<ServedImage> {
  const layer = await tarLayer(files);
  const image = buildImage([layer]);
  const host = context.hosts[0]!;
  context.writeFile(host, `${dir}/layer.tar.gz`, layer.blob);
  context.writeFile(host, `${dir}/config.json`, image.config.bytes);
  context.writeFile(host, `${dir}/manifest.json`, image.manifest.bytes);
  return { repository, tag, dir, manifest: image.manifest.descriptor, config: image.config.descriptor, layer: layer.descriptor };
}

export default async function setup(context: SetupContext): Promise<FileServerFixtures> {
  const { random } = context;
  const name = random.word();
  const image = await writeImage(context, '~/image', 'my/app', 'v1', {
    [`app/${name}.txt`]: `served by a plain file server, for ${name}\n`,
    'app/data.bin': random.bytes(random.int(800, 2400)),
  });
  const tool = random.word();
  const challenge = await writeImage(context, '~/extra', `tools/${tool}`, `${random.word()}-${random.int(1, 9)}`, {
    [`opt/${tool}/README`]: `${tool}: the challenge image\n`,
    [`opt/${tool}/seed.bin`]: random.bytes(random.int(500, 1500)),
  });
  context.writeFile(
    context.hosts[0]!,
    '~/challenge.txt',
    `Publish the image in ~/extra on your file server as ${challenge.repository}:${challenge.tag}, so that skopeo can inspect it and list its tags.\n`,
  );
  return { image, challenge, copy: { repository: 'from-files/app', tag: 'v1' } };
}
