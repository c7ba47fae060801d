/**
 * A throw-away PostgreSQL cluster for tests and `npm run test:cluster`: Debian's server binaries,
 * initdb into a temporary directory, started with pg_ctl on a free loopback port. PostgreSQL refuses
 * to run as root, so as root the cluster belongs to the `postgres` user the Debian package creates.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './lab.ts';

const DEBIAN_BIN_ROOT = '/usr/lib/postgresql';

export interface ThrowAwayPostgres {
  /** postgres://lab@127.0.0.1:<port>/lab */
  url: string;
  /** A fresh database in the same cluster (each test file or suite gets its own). */
  createDatabase(name: string): string;
  stop(): void;
}

/** The directory with initdb and pg_ctl (Debian keeps them out of PATH), or undefined when the server is not installed. */
export function postgresBinDir(): string | undefined {
  if (!existsSync(DEBIAN_BIN_ROOT)) return undefined;
  const versions = readdirSync(DEBIAN_BIN_ROOT).filter((v) => existsSync(path.join(DEBIAN_BIN_ROOT, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(DEBIAN_BIN_ROOT, versions[0], 'bin') : undefined;
}

/** Why PostgreSQL tests cannot run here, or undefined when they can. */
export function postgresMissing(): string | undefined {
  if (!postgresBinDir()) return 'PostgreSQL server binaries are not installed (apt-get install postgresql)';
  if (process.getuid?.() === 0) {
    try {
      execFileSync('id', ['postgres'], { stdio: 'ignore' });
    } catch {
      return 'running as root but there is no "postgres" user to own the cluster (apt-get install postgresql creates it)';
    }
  }
  return undefined;
}

export async function startPostgres(): Promise<ThrowAwayPostgres> {
  const missing = postgresMissing();
  if (missing) throw new Error(missing);
  const bin = postgresBinDir()!;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lab-pg-'));
  const asRoot = process.getuid?.() === 0;
  const run = (tool: string, args: string[]) => {
    const command = asRoot ? ['runuser', '-u', 'postgres', '--', path.join(bin, tool), ...args] : [path.join(bin, tool), ...args];
    execFileSync(command[0]!, command.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], cwd: dir });
  };
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const data = path.join(dir, 'data');
  const port = await freePort();
  run('initdb', ['-D', data, '-U', 'lab', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale', 'C']);
  // The socket goes into the cluster's own directory: /var/run/postgresql may not exist or be writable.
  run('pg_ctl', ['-D', data, '-l', path.join(dir, 'server.log'), '-w', '-t', '30', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`, 'start']);
  const psql = (sql: string) => execFileSync(path.join(bin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'lab', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-c', sql], { stdio: ['ignore', 'ignore', 'pipe'] });
  psql('CREATE DATABASE lab');
  const base = `postgres://lab@127.0.0.1:${port}`;
  return {
    url: `${base}/lab`,
    createDatabase(name) {
      psql(`CREATE DATABASE "${name.replace(/[^a-z0-9_]/g, '_')}"`);
      return `${base}/${name.replace(/[^a-z0-9_]/g, '_')}`;
    },
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
