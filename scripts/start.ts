/** `npm start`: check (and install) the system packages, build the client if needed, start the server. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { doctor } from './doctor.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

if (!doctor({ sandbox: process.env.LAB_SANDBOX ?? 'bwrap' })) process.exit(1);

if (!existsSync(path.join(root, 'client/dist/index.html'))) {
  console.log('registry-lab: building the browser client');
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

await import('../server/main.ts');
