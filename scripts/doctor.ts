/**
 * Checks the system packages the lab needs and installs the missing ones when it can (root on
 * Debian or Ubuntu); otherwise prints the one command that does. Exit code 1 when something is missing.
 * `--tests` (npm's pretest) also asks for what the test command needs: Chromium for the browser tests.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** command to look for → Debian package that provides it */
const REQUIRED: Record<string, string> = {
  bwrap: 'bubblewrap',
  socat: 'socat',
  skopeo: 'skopeo',
  umoci: 'umoci',
  jq: 'jq',
  curl: 'curl',
  setpriv: 'util-linux',
  prlimit: 'util-linux',
  choom: 'util-linux',
  file: 'file',
  less: 'less',
  nano: 'nano',
  sha256sum: 'coreutils',
  tar: 'tar',
  openssl: 'openssl', // the token service makes each session's signing certificate with it
  gzip: 'gzip',
};

function onPath(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function registryPresent(): boolean {
  const configured = process.env.LAB_REGISTRY_BIN;
  if (configured) return existsSync(configured);
  return onPath('registry') || onPath('docker-registry');
}

/** nginx for the file-server-registry lesson, where learners start /usr/sbin/nginx themselves (not on every PATH). */
function nginxPresent(): boolean {
  return existsSync('/usr/sbin/nginx');
}

/** The browser the e2e tests drive (CHROMIUM_PATH overrides Debian's /usr/bin/chromium). */
function chromiumPresent(): boolean {
  return existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium');
}

export function missingPackages(options: { forTests?: boolean } = {}): string[] {
  const missing = new Set<string>();
  if (options.forTests && !chromiumPresent()) missing.add('chromium');
  if (!registryPresent()) missing.add('docker-registry');
  if (!nginxPresent()) missing.add('nginx');
  for (const [command, pkg] of Object.entries(REQUIRED)) if (!onPath(command)) missing.add(pkg);
  return [...missing];
}

function canInstall(): boolean {
  return process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
}

function install(packages: string[]): boolean {
  console.log(`registry-lab: installing ${packages.join(' ')} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  if (update.status !== 0) return false;
  return spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], { stdio: 'inherit', env }).status === 0;
}

/** bubblewrap needs unprivileged user namespaces (or root). */
function sandboxWorks(): boolean {
  const probe = spawnSync('bwrap', ['--unshare-all', '--unshare-user', '--die-with-parent', '--ro-bind', '/usr', '/usr', '--symlink', 'usr/bin', '/bin', '--symlink', 'usr/lib', '/lib', '--symlink', 'usr/lib64', '/lib64', '--proc', '/proc', '--dev', '/dev', '--', '/usr/bin/true'], { stdio: 'ignore' });
  return probe.status === 0;
}

export function doctor(options: { sandbox: string; forTests?: boolean }): boolean {
  let missing = missingPackages(options);
  if (missing.length && canInstall() && install(missing)) missing = missingPackages(options);
  if (missing.length) {
    console.error(`registry-lab: missing system packages: ${missing.join(', ')}\n  install them with:\n    sudo apt-get install -y ${missing.join(' ')}`);
    return false;
  }
  if (options.sandbox === 'bwrap' && !sandboxWorks()) {
    console.error(
      'registry-lab: bubblewrap cannot create a sandbox here. Unprivileged user namespaces seem to be disabled.\n' +
        '  On Ubuntu 24.04 and later: sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0\n' +
        '  On older Debian: sudo sysctl -w kernel.unprivileged_userns_clone=1\n' +
        '  Or run the lab as root, or inside the Docker image (docker/).',
    );
    return false;
  }
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exit(doctor({ sandbox: process.env.LAB_SANDBOX ?? 'bwrap', forTests: process.argv.includes('--tests') }) ? 0 : 1);
}
