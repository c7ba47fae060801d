/**
 * image-layout: setup pushes my/app:v1, whose config has its own entrypoint, command, environment and
 * working directory, and whose app/notes.txt sits in a layer picked per learner; and a second image
 * for the challenge. The fixtures hold what the layout, the bundle and the learner's answers must show.
 */
import { buildImage, pushImage, sha256, tarLayer, withRunConfig, type Descriptor, type RunConfig, type SetupContext } from '../../kit/index.ts';

export interface UnpackedImage {
  repository: string;
  tag: string;
  manifestDigest: string;
  manifestSize: number;
  config: Descriptor;
  layers: Descriptor[];
  diffIds: string[];
  run: RunConfig;
  /** Files of the root filesystem (path → sha256 hex of the content). */
  files: Record<string, string>;
}

export interface ImageLayoutFixtures {
  image: UnpackedImage;
  /** The layer that holds app/notes.txt. */
  notesLayer: Descriptor;
  /** Where the learner copies the image back to. */
  copy: { repository: string; tag: string };
  challenge: UnpackedImage;
}

type LayerFiles = Record<string, string | Buffer>;

async function pushWithRunConfig(context: SetupContext, repository: string, tag: string, layerFiles: LayerFiles[], run: RunConfig): Promise<UnpackedImage> {
  const layers = await Promise.all(layerFiles.map((files) => tarLayer(files)));
  const image = withRunConfig(buildImage(layers), run);
  const manifestDigest = await pushImage(context.registry, repository, image, [tag]);
  const files = Object.fromEntries(layerFiles.flatMap((entries) => Object.entries(entries)).map(([name, content]) => [name, sha256(Buffer.from(content)).slice('sha256:'.length)]));
  return { repository, tag, manifestDigest, manifestSize: image.manifest.bytes.length, config: image.config.descriptor, layers: layers.map((layer) => layer.descriptor), diffIds: layers.map((layer) => layer.diffId), run, files };
}

export default async function setup(context: SetupContext): Promise<ImageLayoutFixtures> {
  const { random, writeFile } = context;
  const app = random.word();
  const port = String(random.int(2000, 9000));
  const notesIn = random.int(0, 2);
  const layerFiles: LayerFiles[] = [
    { 'etc/os-release': `NAME="Lab Linux"\nID=lab\nVERSION_ID="${random.int(1, 40)}"\n`, [`usr/bin/${app}`]: `#!/bin/sh\necho "${app} listening on $1 $2"\n` },
    { 'app/data.bin': random.bytes(random.int(1024, 4096)), 'app/index.html': `<h1>${app}</h1>\n` },
    { 'app/settings.ini': `[server]\nname=${app}\n`, 'app/static/logo.txt': `${random.word()}\n` },
  ];
  layerFiles[notesIn]!['app/notes.txt'] = `notes for ${app}: ${random.bytes(6).toString('hex')}\n`;
  const image = await pushWithRunConfig(context, 'my/app', 'v1', layerFiles, {
    Entrypoint: [`/usr/bin/${app}`],
    Cmd: ['--port', port],
    Env: ['PATH=/usr/local/bin:/usr/bin:/bin', `APP_NAME=${app}`],
    WorkingDir: '/app',
  });

  const tool = random.word();
  const challenge = await pushWithRunConfig(
    context,
    `tools/${tool}`,
    `r${random.int(2, 9)}`,
    [{ [`opt/${tool}/run.sh`]: `#!/bin/sh\necho "${tool} at level $2"\n`, 'etc/hostname': `${tool}\n` }, { [`opt/${tool}/levels.txt`]: `${random.int(1, 9)}\n` }],
    { Entrypoint: ['/bin/sh', `/opt/${tool}/run.sh`], Cmd: ['--level', String(random.int(1, 9))], Env: ['PATH=/usr/bin:/bin'], WorkingDir: `/opt/${tool}` },
  );
  writeFile(context.hosts[0]!, '~/challenge.txt', `Unpack ${challenge.repository}:${challenge.tag} from your registry into a runtime bundle in ~/challenge-bundle\n`);
  return { image, notesLayer: image.layers[notesIn]!, copy: { repository: 'mirror/app', tag: 'v1' }, challenge };
}
