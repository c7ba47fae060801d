/**
 * Design §5, one test per line of the sandbox list, against real bubblewrap and the real registry.
 * CI runs this file as root and again as an unprivileged user.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabSession, SessionManager } from '../../server/sessions/index.ts';
import { startManager, testConfig } from '../helpers/lab.ts';

const asRoot = process.getuid?.() === 0;
let lab: Awaited<ReturnType<typeof startManager>>;
let manager: SessionManager;
let a: LabSession;
let b: LabSession;

beforeAll(async () => {
  lab = await startManager(testConfig({ LAB_HOST_DISK_MB: '32', LAB_SANDBOX_FSIZE_MB: '16', LAB_SANDBOX_NPROC: '64' }));
  manager = lab.manager;
  [a, b] = await Promise.all([
    manager.create({ learnerId: 'a'.repeat(32), lesson: null, hosts: ['host-1', 'host-2'] }),
    manager.create({ learnerId: 'b'.repeat(32), lesson: null, hosts: ['host-1'] }),
  ]);
  expect(a.state).toBe('ready');
  expect(b.state).toBe('ready');
});

afterAll(async () => lab?.stop());

const sh = (session: LabSession, script: string, host = 'host-1', timeoutMs = 20_000) => session.host(host).run(script, { timeoutMs });

describe('the learner shell (design §4.1)', () => {
  it('is learner (uid 1000) on its host name, with REGISTRY and a clean environment', async () => {
    const r = await sh(a, 'id -u; id -un; hostname; echo "$REGISTRY"; env | cut -d= -f1 | sort | tr "\\n" " "', 'host-2');
    const [uid, user, host, registry, envNames] = r.stdout.trim().split('\n');
    expect({ uid, user, host, registry }).toEqual({ uid: '1000', user: 'learner', host: 'host-2', registry: 'localhost:5000' });
    expect(envNames).not.toMatch(/LAB_|npm_|NODE/);
  });

  it('shows the registry storage read-only at /var/lib/registry', async () => {
    await sh(a, 'printf x > f && curl -sf -X POST localhost:5000/v2/seen/blobs/uploads/ -o /dev/null');
    const r = await sh(a, 'ls /var/lib/registry/docker/registry/v2/repositories; touch /var/lib/registry/x');
    expect(r.stdout).toContain('seen');
    expect(r.stderr).toContain('Read-only file system');
  });
});

describe('network: a sandbox reaches its own registry and nothing else', () => {
  it('reaches its own registry at localhost:5000', async () => {
    const r = await sh(a, 'curl -s -o /dev/null -w "%{http_code}" localhost:5000/v2/');
    expect(r.stdout).toBe('200');
  });

  it('cannot reach a port on the host (such as the lab server)', async () => {
    const server = net.createServer((socket) => socket.end('HTTP/1.1 200 OK\r\n\r\nhost'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    const r = await sh(a, `curl -s --max-time 2 http://127.0.0.1:${port}/; echo "exit=$?"; ls /sys/class/net 2>/dev/null; cat /proc/net/dev | tail -n +3 | cut -d: -f1`);
    server.close();
    expect(r.stdout).not.toContain('host');
    expect(r.stdout).toMatch(/exit=7/);
    expect(r.stdout.trim().split('\n').slice(1).map((s) => s.trim())).toEqual(['lo']);
  });

  it('cannot see or connect to another session\u2019s registry socket', async () => {
    const other = path.join(b.dir, 'proxy', 'registry.sock');
    const r = await sh(a, `ls ${JSON.stringify(path.dirname(other))}; curl -s --max-time 2 --unix-socket ${JSON.stringify(other)} http://localhost/v2/; echo "exit=$?"`);
    expect(r.stdout).not.toContain('{}');
    expect(r.stdout).toMatch(/exit=(7|6)/);
  });
});

describe('files and processes of others are invisible', () => {
  it('cannot read the server\u2019s files or the data directory', async () => {
    const r = await sh(a, `ls ${JSON.stringify(process.cwd())} ${JSON.stringify(lab.config.dataDir)} 2>&1; cat /etc/shadow 2>&1; ls /root 2>&1; ls /etc`);
    expect(r.stdout).toContain('No such file or directory');
    expect(r.stdout).not.toContain('package.json');
    expect(r.stdout).toContain("cat: /etc/shadow: No such file or directory");
    expect(r.stdout).not.toContain('root:');
  });

  it('cannot see another session\u2019s home', async () => {
    writeFileSync(path.join(b.host('host-1').homeDir, 'secret-of-b.txt'), 'b');
    const r = await sh(a, 'find / -xdev -name "secret-of-b*" 2>/dev/null; find /home /tmp /var -name "secret-of-b*" 2>/dev/null; echo done');
    expect(r.stdout.trim()).toBe('done');
  });

  it('sees only its own processes', async () => {
    const r = await sh(a, 'ps -eo comm= | sort -u | tr "\\n" " "');
    expect(r.stdout).not.toMatch(/node|registry|systemd|init /);
    expect(r.stdout).toMatch(/bash/);
  });
});

describe('privileges', () => {
  it('runs with no capabilities and no_new_privs', async () => {
    const r = await sh(a, 'grep -E "^(CapEff|CapPrm|CapBnd|NoNewPrivs)" /proc/self/status');
    expect(r.stdout).toMatch(/CapEff:\s+0000000000000000/);
    expect(r.stdout).toMatch(/CapPrm:\s+0000000000000000/);
    expect(r.stdout).toMatch(/CapBnd:\s+0000000000000000/);
    expect(r.stdout).toMatch(/NoNewPrivs:\s+1/);
  });

  it('cannot create a nested user namespace', async () => {
    const r = await sh(a, 'unshare -U true; echo "exit=$?"');
    expect(r.stdout).not.toContain('exit=0');
  });

  it.runIf(asRoot)('runs as an unprivileged uid of its own outside the namespace', async () => {
    const pidInside = (await sh(a, 'sleep 3 & echo $!; sleep 0.2')).stdout.trim();
    expect(pidInside).toMatch(/^\d+$/);
    const hostUids = new Set<number>();
    for (const session of [a, b]) {
      const homeOwner = (await import('node:fs')).statSync(session.host('host-1').homeDir).uid;
      hostUids.add(homeOwner);
      expect(homeOwner).toBeGreaterThanOrEqual(lab.config.uidBase);
    }
    expect(hostUids.size).toBe(2);
  });
});

describe('limits: one learner hurts only themselves', () => {
  it('a fork bomb in one session leaves another able to spawn', async () => {
    const bomb = sh(a, 'bomb() { bomb | bomb & }; bomb; sleep 4', 'host-1', 8000);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const other = await sh(b, 'for i in $(seq 40); do sleep 0.5 & done; wait; echo spawned-40');
    expect(other.stdout).toContain('spawned-40');
    const inside = await bomb;
    expect(inside.stderr + inside.stdout).toMatch(/fork|Resource temporarily unavailable|retry/i);
    await a.host('host-1').killAll();
  });

  it('a single file stops at the file-size limit', async () => {
    const r = await sh(a, 'dd if=/dev/zero of=~/big bs=1M count=64 2>&1; stat -c %s ~/big; rm -f ~/big');
    expect(Number(r.stdout.trim().split('\n').at(-1))).toBe(16 << 20);
  });

  it.runIf(asRoot)('filling the home stops at its size bound', async () => {
    const r = await sh(a, 'for i in 1 2 3 4; do dd if=/dev/zero of=~/fill-$i bs=1M count=15 2>/dev/null; done; df -m ~ | tail -1; du -sm ~ | cut -f1; rm -f ~/fill-*');
    expect(r.stdout).toMatch(/tmpfs\s+32/);
    expect(Number(r.stdout.trim().split('\n').at(-1))).toBeLessThanOrEqual(32);
  });

  it('writes outside home and /tmp fail (read-only system, capped /dev/shm)', async () => {
    const r = await sh(a, 'touch /usr/x /etc/x /dev/x /var/tmp/x 2>&1; for i in 1 2; do dd if=/dev/zero of=/dev/shm/x$i bs=1M count=10 2>&1; done | grep -o "No space left on device"');
    expect(r.stdout.match(/Read-only file system/g)?.length).toBeGreaterThanOrEqual(4);
    expect(r.stdout).toMatch(/No space left on device/);
  });

  it('limits open files', async () => {
    const r = await sh(a, 'ulimit -n; ulimit -u');
    expect(r.stdout.trim().split('\n')).toEqual(['1024', '64']);
  });
});

describe('cleanup', () => {
  it('leaves nothing behind when a session is deleted', async () => {
    const c = await manager.create({ learnerId: 'c'.repeat(32), lesson: null, hosts: ['host-1'] });
    const background = await sh(c, 'setsid nohup sleep 300 >/dev/null 2>&1 & echo started');
    expect(background.stdout).toContain('started');
    await manager.close(c, 'test');
    const leftovers = readFileSync('/proc/self/mounts', 'utf8').includes(c.dir);
    expect(leftovers).toBe(false);
    expect((await import('node:fs')).existsSync(c.dir)).toBe(false);
    const procs = (await import('node:child_process')).execSync('ps -eo args').toString();
    expect(procs).not.toContain(c.dir);
  });

  it('leaves nothing running of a script stopped at any moment of its start', async () => {
    // Stopped in its first milliseconds, bubblewrap may have cloned the sandbox's first process before
    // that process tied itself to bubblewrap's death: only a kill of the whole process group catches it.
    for (let attempt = 0; attempt < 30; attempt++) {
      const stop = new AbortController();
      const run = a.host('host-1').run(`sleep 31.${attempt}`, { timeoutMs: 20_000, signal: stop.signal });
      setTimeout(() => stop.abort(), attempt % 15);
      expect((await run).code).not.toBe(0);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    const procs = (await import('node:child_process')).execSync('ps -eo args').toString();
    expect(procs.split('\n').filter((line) => line.startsWith('sleep 31.'))).toEqual([]);
  });

  it('cleans a crashed run\u2019s leftovers at start', async () => {
    const config = testConfig();
    const stale = path.join(config.dataDir, 'sessions', 'f'.repeat(24), 'hosts/host-1/home');
    mkdirSync(stale, { recursive: true });
    const { spawn } = await import('node:child_process');
    const orphan = spawn('sleep', ['300', stale + '/marker'], { detached: true, stdio: 'ignore' });
    const restarted = await startManager(config);
    expect((await import('node:fs')).existsSync(stale)).toBe(false);
    expect(orphan.exitCode !== null || orphan.signalCode !== null || (await new Promise((r) => orphan.once('exit', () => r(true))))).toBeTruthy();
    await restarted.stop();
  });
});
