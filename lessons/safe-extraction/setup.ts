/**
 * safe-extraction: two images whose layer carries hostile entries (a `../` traversal, an absolute
 * path, a symlink out followed by a write through it, a hardlink to a file outside), plus canary
 * files in ~/.ssh that an unsafe extraction overwrites or links to. Names and contents differ per
 * learner. The fixtures say which entries are hostile and where each attack would land.
 */
import { buildImage, pushImage, tarLayer, type Descriptor, type SetupContext } from '../../kit/index.ts';

/** A learner path that must look as setup left it after a safe extraction. */
export type Canary = { path: string; content: string } | { path: string; absent: true };

export interface Drill {
  repository: string;
  tag: string;
  layer: Descriptor;
  /** Where the learner extracts it (a learner path). */
  rootfs: string;
  /** Where the learner lists the hostile names. */
  answer: string;
  /** Entries (as `tar -t` prints them) whose extraction writes or links outside the target: each must be named. */
  hostile: string[];
  /** The symlink the write-through entry goes through: naming it is right, leaving it out too. */
  accomplice: string;
  /** Regular files a safe extraction must produce (path in the rootfs → exact content). */
  benign: Record<string, string>;
  /** Benign entries that are not regular files (a symlink inside the image), never hostile. */
  benignLinks: string[];
  /** Each attack's landing place and what it looks like untouched, with the entry that aims at it. */
  canaries: { entry: string; attack: string; canary: Canary }[];
}

export interface SafeExtractionFixtures {
  drill: Drill;
  challenge: Drill;
  /** ~/.ssh/authorized_keys as setup wrote it. */
  authorizedKeys: string;
  /** ~/.ssh/id_lab as setup wrote it. */
  privateKey: string;
}

const HOME = '/home/learner';
const UP = '../../../../../../../..';

interface DrillPlan {
  repository: string;
  tag: string;
  rootfs: string;
  answer: string;
  benign: Record<string, string>;
  benignLinks: Record<string, string>;
  traversal: string;
  absolute: string;
  symlink: { name: string; target: string };
  hardlink: string;
}

async function pushDrill(context: SetupContext, plan: DrillPlan, originals: { authorizedKeys: string; privateKey: string }): Promise<Drill> {
  const writeThrough = `${plan.symlink.name}/authorized_keys`;
  const landing = (entry: string) => entry.replace(/^(\.\.\/)+|^.*\/\.\.\//, '/');
  const layer = await tarLayer({
    ...plan.benign,
    ...Object.fromEntries(Object.entries(plan.benignLinks).map(([name, target]) => [name, { symlink: target }])),
    [plan.traversal]: '#!/bin/sh\necho "escaped the rootfs"\n',
    [plan.absolute]: '#!/bin/sh\necho "dropped by an absolute path"\n',
    [plan.symlink.name]: { symlink: plan.symlink.target },
    [writeThrough]: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAttackerKeyAttackerKeyAttackerKeyAttacker attacker@evil\n',
    [plan.hardlink]: { hardlink: `${HOME}/.ssh/id_lab` },
  });
  const image = buildImage([layer]);
  await pushImage(context.registry, plan.repository, image, [plan.tag]);
  const toLearnerPath = (hostPath: string) => hostPath.replace(/^\/home\/learner(?=\/)/, '~');
  return {
    repository: plan.repository,
    tag: plan.tag,
    layer: layer.descriptor,
    rootfs: plan.rootfs,
    answer: plan.answer,
    hostile: [plan.traversal, plan.absolute, writeThrough, plan.hardlink],
    accomplice: plan.symlink.name,
    benign: plan.benign,
    benignLinks: Object.keys(plan.benignLinks),
    canaries: [
      { entry: plan.traversal, attack: 'path traversal', canary: { path: toLearnerPath(landing(plan.traversal)), absent: true } },
      { entry: plan.absolute, attack: 'absolute path', canary: { path: toLearnerPath(plan.absolute), absent: true } },
      { entry: writeThrough, attack: 'symlink write-through', canary: { path: '~/.ssh/authorized_keys', content: originals.authorizedKeys } },
      { entry: plan.hardlink, attack: 'hardlink out', canary: { path: `${plan.rootfs}/${plan.hardlink}`, absent: true } },
      { entry: plan.hardlink, attack: 'hardlink out', canary: { path: '~/.ssh/id_lab', content: originals.privateKey } },
    ],
  };
}

export default async function setup(context: SetupContext): Promise<SafeExtractionFixtures> {
  const { random, writeFile } = context;
  const host = context.hosts[0]!;
  const owner = random.word();
  const authorizedKeys = `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${random.bytes(24).toString('base64')} ${owner}@laptop\n`;
  const privateKey = `-----BEGIN LAB PRIVATE KEY (not a real key)-----\n${random.bytes(48).toString('base64')}\n-----END LAB PRIVATE KEY-----\n`;
  writeFile(host, '~/.ssh/authorized_keys', authorizedKeys, 0o600);
  writeFile(host, '~/.ssh/id_lab', privateKey, 0o600);
  const originals = { authorizedKeys, privateKey };

  const app = random.word();
  const plugin = random.word();
  const drill = await pushDrill(
    context,
    {
      repository: 'drill/untrusted',
      tag: 'v1',
      rootfs: '~/safe-rootfs',
      answer: '~/hostile.txt',
      benign: {
        'etc/os-release': `NAME="Drill Linux"\nID=drill\nVERSION_ID="${random.int(1, 40)}"\n`,
        [`usr/share/${app}/README`]: `${app}: a perfectly ordinary file, ${random.bytes(6).toString('hex')}\n`,
        [`app/${app}.sh`]: `#!/bin/sh\necho "hello from ${app}"\n`,
      },
      benignLinks: { 'etc/localtime': '/usr/share/zoneinfo/UTC' },
      traversal: `${UP}/tmp/${app}-escape.sh`,
      absolute: `/tmp/${app}-dropper.sh`,
      symlink: { name: `opt/${plugin}`, target: `${HOME}/.ssh` },
      hardlink: `etc/${plugin}.key`,
    },
    originals,
  );

  const tool = random.word();
  const cache = `${random.word()}-cache`;
  const challenge = await pushDrill(
    context,
    {
      repository: `drill/${tool}`,
      tag: `r${random.int(2, 9)}`,
      rootfs: '~/challenge-rootfs',
      answer: '~/challenge-hostile.txt',
      benign: {
        [`opt/${tool}/config.yaml`]: `name: ${tool}\nlevel: ${random.int(1, 9)}\n`,
        [`usr/bin/${tool}`]: `#!/bin/sh\necho "${tool} ${random.bytes(4).toString('hex')}"\n`,
        'etc/hostname': `${tool}\n`,
      },
      benignLinks: { [`usr/bin/${tool}-latest`]: tool },
      traversal: `usr/share/${UP}/tmp/${tool}-escape.sh`,
      absolute: `/home/learner/${tool}-dropper.sh`,
      symlink: { name: `var/${cache}`, target: `${UP}/home/learner/.ssh` },
      hardlink: `etc/${tool}.pem`,
    },
    originals,
  );
  writeFile(host, '~/challenge.txt', `The image ${challenge.repository}:${challenge.tag} in your registry has a layer with hostile entries of its own.\nList them in ${challenge.answer} and extract the layer safely into ${challenge.rootfs}.\n`);
  return { drill, challenge, authorizedKeys, privateKey };
}
