/**
 * CPU fairness between learners: as root, every process of a session (its shells, whatever they
 * start, and its registry) runs in that session's own CPU group, and the group goes with the session.
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LabSession } from '../../server/sessions/index.ts';
import { startManager, testConfig } from '../helpers/lab.ts';

const V1_GROUPS = '/sys/fs/cgroup/cpu/registry-lab';
const cpuGroupsHere = process.getuid?.() === 0 && existsSync('/sys/fs/cgroup/cpu/cpu.shares');
let lab: Awaited<ReturnType<typeof startManager>>;

beforeAll(async () => {
  lab = await startManager(testConfig());
});
afterAll(async () => lab?.stop());

/** The cpu-controller cgroup of a process, from /proc/<pid>/cgroup (v1: "N:cpu:/path"). */
function cpuGroupOf(pid: number): string {
  const line = readFileSync(`/proc/${pid}/cgroup`, 'utf8').split('\n').find((entry) => /^\d+:[^:]*\bcpu\b[^:]*:/.test(entry));
  return line?.split(':')[2] ?? '';
}

it.skipIf(!cpuGroupsHere)('puts a session\u2019s shell, what it starts and its registry in the session\u2019s group, and removes the group with the session', async () => {
  const session: LabSession = await lab.manager.create({ learnerId: 'c'.repeat(32), lesson: null, hosts: ['host-1'] });
  expect(session.state).toBe('ready');
  const own = `/registry-lab/${session.id}`;
  // A learner's command: started inside, so it lands in the group (and cannot leave it).
  const job = session.host('host-1').run('sleep 1.5');
  await new Promise((resolve) => setTimeout(resolve, 700));
  const pids = readFileSync(`${V1_GROUPS}/${session.id}/cgroup.procs`, 'utf8').trim().split('\n').map(Number);
  const commands = pids.map((pid) => readFileSync(`/proc/${pid}/comm`, 'utf8').trim());
  await job;
  expect(pids).toContain(session.registryProcess.pid);
  expect(commands).toContain('sleep');
  expect(cpuGroupOf(session.registryProcess.pid!)).toBe(own);
  expect(cpuGroupOf(process.pid)).not.toBe(own);
  await lab.manager.close(session, 'test');
  expect(existsSync(`${V1_GROUPS}/${session.id}`)).toBe(false);
});
