/**
 * The bubblewrap command lines. Built as argv arrays, never shell strings, with `--` before the
 * command (CVE-2024-32462): nothing a learner controls ever lands in an option position.
 */
import { existsSync } from 'node:fs';

export interface HostMounts {
  hostName: string;
  homeDir: string;
  tmpDir: string;
  /**
   * As root, a host tmpfs with byte and inode limits for /dev/shm. Without root it is bwrap's own
   * tmpfs, capped in bytes only (bwrap cannot set nr_inodes).
   */
  shmDir: string | undefined;
  /** Directory holding the recorder socket (registry.sock), mounted read-only at /run/registry. */
  proxyDir: string;
  /** Registry storage, mounted read-only at /var/lib/registry. */
  storageDir: string;
  /** Lab-written /etc files: passwd, group, hosts, bashrc, init. */
  etcDir: string;
}

/** The lab's own commands (registry-gc), last on the learner's PATH. */
const LAB_BIN = '/opt/registry-lab/bin';

/** Size of a sandbox's /dev/shm. */
export const SHM_MB = 16;

export interface Limits {
  nproc: number;
  nofile: number;
  fsizeBytes: number;
}

/** Read-only views of the host's system: programs, libraries and the few /etc files they need. */
function systemBinds(): string[] {
  const args = ['--ro-bind', '/usr', '/usr', '--symlink', 'usr/bin', '/bin', '--symlink', 'usr/sbin', '/sbin', '--symlink', 'usr/lib', '/lib'];
  if (existsSync('/usr/lib64')) args.push('--symlink', 'usr/lib64', '/lib64');
  for (const file of ['/etc/alternatives', '/etc/ld.so.cache', '/etc/nsswitch.conf', '/etc/ssl', '/etc/ca-certificates', '/etc/containers', '/etc/vim', '/etc/nanorc', '/etc/inputrc', '/etc/terminfo', '/etc/localtime']) {
    args.push('--ro-bind-try', file, file);
  }
  return args;
}

/** Outer limits that apply per process before the sandbox starts. */
export function outerLimits(limits: Limits): string[] {
  return ['prlimit', `--nofile=${limits.nofile}:${limits.nofile}`, `--fsize=${limits.fsizeBytes}:${limits.fsizeBytes}`, '--core=0:0', '--'];
}

/** Drops to the session's own uid when the server runs as root. */
export function dropPrivileges(uid: number | undefined): string[] {
  if (uid === undefined) return [];
  return ['setpriv', `--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', '--no-new-privs', '--inh-caps=-all', '--'];
}

export function learnerSandboxArgs(m: HostMounts, limits: Limits, command: string[]): string[] {
  return [
    'bwrap',
    '--unshare-all', '--unshare-user', '--disable-userns', '--die-with-parent', '--cap-drop', 'ALL',
    '--uid', '1000', '--gid', '1000', '--hostname', m.hostName,
    ...systemBinds(),
    '--ro-bind', `${m.etcDir}/passwd`, '/etc/passwd',
    '--ro-bind', `${m.etcDir}/group`, '/etc/group',
    '--ro-bind', `${m.etcDir}/hosts-${m.hostName}`, '/etc/hosts',
    '--ro-bind', `${m.etcDir}/bashrc`, '/etc/lab/bashrc',
    '--ro-bind', `${m.etcDir}/init`, '/etc/lab/init',
    '--ro-bind', `${m.etcDir}/bin`, LAB_BIN,
    '--proc', '/proc',
    '--dev', '/dev',
    ...(m.shmDir ? ['--bind', m.shmDir, '/dev/shm'] : ['--size', String(SHM_MB << 20), '--tmpfs', '/dev/shm']),
    '--bind', m.homeDir, '/home/learner',
    '--bind', m.tmpDir, '/tmp',
    '--dir', '/var/tmp',
    '--ro-bind', m.proxyDir, '/run/registry',
    '--ro-bind', m.storageDir, '/var/lib/registry',
    '--remount-ro', '/dev',
    '--remount-ro', '/',
    '--clearenv',
    '--setenv', 'HOME', '/home/learner',
    '--setenv', 'USER', 'learner',
    '--setenv', 'LOGNAME', 'learner',
    '--setenv', 'SHELL', '/bin/bash',
    '--setenv', 'TERM', 'xterm-256color',
    '--setenv', 'LANG', 'C.UTF-8',
    '--setenv', 'PATH', `/usr/local/bin:/usr/bin:/bin:${LAB_BIN}`,
    '--setenv', 'REGISTRY', 'localhost:5000',
    '--setenv', 'HOSTNAME', m.hostName,
    '--chdir', '/home/learner',
    '--',
    '/usr/bin/prlimit', `--nproc=${limits.nproc}:${limits.nproc}`, '--',
    '/bin/bash', '/etc/lab/init',
    ...command,
  ];
}

export interface RegistryMounts {
  storageDir: string;
  socketDir: string;
  configFile: string;
  registryBin: string;
  /** The registry's subcommand and its arguments; `serve` by default (garbage-collect runs the same way). */
  command?: string[];
}

/** Where the registry's sandbox sees its config file. */
export const REGISTRY_CONFIG_INSIDE = '/etc/registry/config.yml';

export function registrySandboxArgs(m: RegistryMounts): string[] {
  return [
    'bwrap',
    '--unshare-all', '--unshare-user', '--disable-userns', '--die-with-parent', '--new-session', '--cap-drop', 'ALL',
    ...systemBinds(),
    '--proc', '/proc',
    '--dev', '/dev',
    '--tmpfs', '/tmp',
    '--bind', m.storageDir, '/var/lib/registry',
    '--bind', m.socketDir, '/run/registry',
    '--ro-bind', m.configFile, REGISTRY_CONFIG_INSIDE,
    '--ro-bind', m.registryBin, '/run/registry-bin',
    '--remount-ro', '/',
    '--clearenv',
    '--setenv', 'PATH', '/usr/bin:/bin',
    '--',
    '/run/registry-bin', ...(m.command ?? ['serve', REGISTRY_CONFIG_INSIDE]),
  ];
}
