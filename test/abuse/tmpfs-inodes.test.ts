/**
 * Finding 4: tmpfs caps bytes but not inodes. Empty files cost kernel memory that `size=` never
 * counts, so every tmpfs a learner can fill (home + /tmp, /dev/shm, the registry's storage) must
 * also have `nr_inodes`. Only as root: without root the homes are plain directories (see README).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestLab } from '../helpers/server.ts';
import { BUDGET_MS, createSession, startVictim, type Victim } from './victim.ts';

const asRoot = process.getuid?.() === 0;
const INODES = 2048;
let lab: Awaited<ReturnType<typeof startTestLab>>;
let victim: Victim;

beforeAll(async () => {
  lab = await startTestLab({ LAB_HOST_INODES: String(INODES), LAB_REGISTRY_INODES: String(INODES) });
  victim = await startVictim(lab);
});
afterAll(async () => {
  victim?.close();
  await lab?.stop();
});

/** Creates empty files with a shell builtin (no fork per file) until the filesystem refuses. */
const fill = (dir: string) => `cd ${dir} && n=0; while [ $n -lt 20000 ] && : 2>/dev/null > f$n; do n=$((n+1)); done; echo "$n"`;

describe.runIf(asRoot)('inodes per tmpfs', () => {
  it('stops empty files in home, /tmp and /dev/shm at the inode limit, and the registry storage has one too', async () => {
    const attacker = await createSession(lab);
    const host = lab.sessions.get(attacker.id)!.host('host-1');
    const { result, maxEchoMs, maxHealthMs } = await victim.watch(
      Promise.all([host.run(fill('~'), { timeoutMs: 60_000 }), host.run(fill('/dev/shm'), { timeoutMs: 60_000 })]),
    );
    const [home, shm] = result.map((r) => Number(r.stdout.trim()));
    // Home and /tmp share one tmpfs whose inodes include the directories the lab made.
    expect(home).toBeGreaterThan(INODES / 2);
    expect(home).toBeLessThan(INODES);
    expect(shm).toBeGreaterThan(INODES / 2);
    expect(shm).toBeLessThan(INODES);
    const tmp = await host.run(`${fill('/tmp')}; df --output=itotal /var/lib/registry | tail -1`);
    expect(tmp.stderr).toBe('');
    const [tmpFiles, registryInodes] = tmp.stdout.trim().split('\n').map(Number);
    expect(tmpFiles).toBe(0);
    expect(registryInodes).toBe(INODES);

    expect(maxEchoMs).toBeLessThan(BUDGET_MS);
    expect(maxHealthMs).toBeLessThan(BUDGET_MS);
    expect((await victim.session()).state).toBe('ready');
    // Ending the session frees it all: no mount of it is left.
    expect((await fetch(`${lab.origin}/api/sessions/${attacker.id}`, { method: 'DELETE', headers: { cookie: attacker.cookie } })).status).toBe(204);
    expect(readFileSync('/proc/self/mounts', 'utf8')).not.toContain(attacker.id);
  });
});
