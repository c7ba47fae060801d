/**
 * edit-config: setup pushes my/app:v1 (its own entrypoint, command and environment per learner) and a
 * second image for the challenge. The fixtures hold each original (manifest digest, config, layers)
 * and the config an edit must produce: the same JSON with one change, so every digest above the
 * layers changes and nothing else does.
 */
import { buildImage, pushImage, tarLayer, withRunConfig, type Descriptor, type RunConfig, type SetupContext } from '../../kit/index.ts';

export interface EditTarget {
  repository: string;
  /** The tag setup pushed, which must stay as it is. */
  tag: string;
  /** The tag the edited image goes to. */
  newTag: string;
  manifestDigest: string;
  config: Descriptor;
  layers: Descriptor[];
  /** The original image config, parsed. */
  configJson: Record<string, unknown>;
  /** What the edited config must be: configJson with the one change. */
  expectedJson: Record<string, unknown>;
  /** The change in words, for messages. */
  change: string;
}

export interface EditConfigFixtures {
  image: EditTarget;
  challenge: EditTarget;
}

/** The command every learner sets in the main tasks. */
export const NEW_CMD = ['--port', '8080'];

async function pushApp(context: SetupContext, repository: string, tag: string, files: Record<string, string | Buffer>[], run: RunConfig) {
  const layers = await Promise.all(files.map((entries) => tarLayer(entries)));
  const image = withRunConfig(buildImage(layers), run);
  const manifestDigest = await pushImage(context.registry, repository, image, [tag]);
  const configJson = JSON.parse(image.config.bytes.toString('utf8')) as Record<string, unknown> & { config: RunConfig };
  return { manifestDigest, config: image.config.descriptor, layers: layers.map((layer) => layer.descriptor), configJson };
}

export default async function setup(context: SetupContext): Promise<EditConfigFixtures> {
  const { random, writeFile } = context;
  const app = random.word();
  const run: RunConfig = { Entrypoint: [`/usr/bin/${app}`], Cmd: ['--port', String(random.int(10000, 60000))], Env: ['PATH=/usr/bin:/bin', `APP_NAME=${app}`], WorkingDir: '/app' };
  const original = await pushApp(context, 'my/app', 'v1', [{ [`usr/bin/${app}`]: `#!/bin/sh\necho "${app} on $1 $2"\n`, 'etc/os-release': 'NAME="Lab Linux"\n' }, { 'app/index.html': `<h1>${app}</h1>\n`, 'app/data.bin': random.bytes(random.int(1024, 4096)) }], run);
  const image: EditTarget = {
    repository: 'my/app',
    tag: 'v1',
    newTag: 'v2',
    ...original,
    expectedJson: { ...original.configJson, config: { ...run, Cmd: NEW_CMD } },
    change: `Cmd ${JSON.stringify(NEW_CMD)}`,
  };

  const tool = random.word();
  const level = `LEVEL=${random.int(1, 9)}`;
  const toolRun: RunConfig = { Entrypoint: ['/bin/sh', `/opt/${tool}/run.sh`], Cmd: [], Env: ['PATH=/usr/bin:/bin', `TOOL=${tool}`], WorkingDir: `/opt/${tool}` };
  const tag = `r${random.int(2, 9)}`;
  const toolImage = await pushApp(context, `tools/${tool}`, tag, [{ [`opt/${tool}/run.sh`]: `#!/bin/sh\necho "${tool} at $LEVEL"\n` }], toolRun);
  const challenge: EditTarget = {
    repository: `tools/${tool}`,
    tag,
    newTag: `${tag}-level`,
    ...toolImage,
    expectedJson: { ...toolImage.configJson, config: { ...toolRun, Env: [...toolRun.Env, level] } },
    change: `Env with ${level} added`,
  };
  writeFile(context.hosts[0]!, '~/challenge.txt', `Give ${challenge.repository}:${tag} the environment variable ${level} (keep the others) and push the result as ${challenge.repository}:${challenge.newTag}\n`);
  return { image, challenge };
}
