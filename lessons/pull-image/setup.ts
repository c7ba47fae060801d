/**
 * pull-image: setup pushes my/app:v1 (three layers, the last one deleting a file of the first with a
 * whiteout and overwriting another) and a second image for the challenge. Names, contents and so
 * digests differ per learner. The fixtures hold what a correct pull saves and what a correct rootfs holds.
 */
import { buildImage, pushImage, sha256, tarLayer, type Descriptor, type Layer, type SetupContext } from '../../kit/index.ts';

/** One pulled image: what the learner saves, and the root filesystem its layers build. */
export interface PulledImage {
  repository: string;
  tag: string;
  manifestDigest: string;
  config: Descriptor;
  layers: Descriptor[];
  diffIds: string[];
  /** Final files of the rootfs (path relative to it → sha256 of the content). */
  files: Record<string, string>;
  /** Paths an earlier layer created and a whiteout deleted. */
  deleted: string[];
  /** Paths the files held after an earlier layer, before a later layer overwrote them (path → sha256 of the stale content). */
  overwritten: Record<string, string>;
  /** The whiteout entries, as they appear in the layers. */
  whiteouts: string[];
}

export interface PullImageFixtures {
  image: PulledImage;
  challenge: PulledImage;
}

type LayerFiles = Record<string, string | Buffer>;

/** Applies layers the way a runtime does (image-spec layer.md): later files replace earlier ones, `.wh.<name>` deletes <name>. */
function describe(repository: string, tag: string, layerFiles: LayerFiles[], layers: Layer[], manifestDigest: string, config: Descriptor): PulledImage {
  const final = new Map<string, string>();
  const deleted: string[] = [];
  const overwritten: Record<string, string> = {};
  const whiteouts: string[] = [];
  for (const files of layerFiles) {
    for (const [name, content] of Object.entries(files)) {
      const base = name.split('/').at(-1)!;
      if (base.startsWith('.wh.')) {
        const target = `${name.slice(0, name.length - base.length)}${base.slice('.wh.'.length)}`;
        whiteouts.push(name);
        final.delete(target);
        deleted.push(target);
        continue;
      }
      const previous = final.get(name);
      if (previous) overwritten[name] = previous;
      final.set(name, sha256(Buffer.from(content)).slice('sha256:'.length));
    }
  }
  return {
    repository,
    tag,
    manifestDigest,
    config,
    layers: layers.map((layer) => layer.descriptor),
    diffIds: layers.map((layer) => layer.diffId),
    files: Object.fromEntries(final),
    deleted: deleted.filter((target) => !final.has(target)),
    overwritten,
    whiteouts,
  };
}

async function pushLayers(context: SetupContext, repository: string, tag: string, layerFiles: LayerFiles[]): Promise<PulledImage> {
  const layers = await Promise.all(layerFiles.map((files) => tarLayer(files)));
  const built = buildImage(layers);
  // Pushed compact, as most clients write manifests, so that a pretty-printed copy has other bytes.
  const compact = Buffer.from(JSON.stringify(JSON.parse(built.manifest.bytes.toString('utf8'))));
  const image = { ...built, manifest: { bytes: compact, descriptor: { ...built.manifest.descriptor, digest: sha256(compact), size: compact.length } } };
  const digest = await pushImage(context.registry, repository, image, [tag]);
  return describe(repository, tag, layerFiles, layers, digest, image.config.descriptor);
}

export default async function setup(context: SetupContext): Promise<PullImageFixtures> {
  const { random, writeFile } = context;
  const doomed = `${random.word()}.conf`;
  const app = random.word();
  const patch = random.int(1, 40);
  const image = await pushLayers(context, 'my/app', 'v1', [
    {
      'etc/os-release': `NAME="Lab Linux"\nID=lab\nVERSION_ID="${random.int(1, 40)}"\n`,
      [`etc/${doomed}`]: `# left over from the base layer\ntoken=${random.bytes(8).toString('hex')}\n`,
      'usr/bin/greet': `#!/bin/sh\necho "hello from ${app}"\n`,
      'app/version.txt': `1.0.${patch}\n`,
    },
    { [`app/${app}.txt`]: `${app} says hello\n`, 'app/data.bin': random.bytes(random.int(1024, 4096)) },
    { [`etc/.wh.${doomed}`]: '', 'app/version.txt': `1.1.${patch}\n` },
  ]);

  const tool = random.word();
  const first = `${random.word()}.txt`;
  const challenge = await pushLayers(context, `tools/${tool}`, `r${random.int(2, 9)}`, [
    {
      [`opt/${tool}/${first}`]: `first draft ${random.bytes(6).toString('hex')}\n`,
      [`opt/${tool}/README`]: `${tool}, version 1\n`,
      [`opt/${tool}/bin/${tool}`]: `#!/bin/sh\necho "${tool} ${random.int(100, 999)}"\n`,
      'etc/hostname': `${tool}\n`,
      'etc/os-release': `NAME="Lab Linux"\nID=lab\n`,
    },
    { [`opt/${tool}/.wh.${first}`]: '', [`opt/${tool}/final.txt`]: `final ${random.bytes(6).toString('hex')}\n` },
    { 'etc/.wh.hostname': '', [`opt/${tool}/README`]: `${tool}, version 2\n` },
  ]);
  writeFile(context.hosts[0]!, '~/challenge.txt', `Pull ${challenge.repository}:${challenge.tag} from your registry and rebuild its root filesystem in ~/challenge-rootfs\n`);
  return { image, challenge };
}
