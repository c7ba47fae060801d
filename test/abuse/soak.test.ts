/**
 * The soak: hundreds of sessions created and ended (some with processes still running in them)
 * while another learner works, ending with no process, mount, directory or zombie left behind.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestLab } from '../helpers/server.ts';
import { BUDGET_MS, createSession, startVictim, type Victim } from './victim.ts';

const SESSIONS = 200;
const AT_ONCE = 4;
let lab: Awaited<ReturnType<typeof startTestLab>>;
let victim: Victim;
let sessionsDir: string;

beforeAll(async () => {
  lab = await startTestLab({ LAB_MAX_SESSIONS: '10' });
  victim = await startVictim(lab);
  sessionsDir = path.dirname(lab.sessions.get(victim.sessionId)!.dir);
});
afterAll(async () => {
  victim?.close();
  await lab?.stop();
});

function processesUnder(dir: string): string[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((pid) => {
      try {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
        return cmdline.includes(dir) ? [`${pid}: ${cmdline}`] : [];
      } catch {
        return [];
      }
    });
}

function zombieChildren(): string[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return state === 'Z' && Number(ppid) === process.pid ? [stat.slice(0, 80)] : [];
      } catch {
        return [];
      }
    });
}

async function oneLife(index: number): Promise<void> {
  const { id, cookie } = await createSession(lab);
  // Every tenth one is still running a command when it ends: ending the session must take it along.
  const lingering = index % 10 === 0 ? lab.sessions.get(id)!.host('host-1').run('curl -s -o /dev/null localhost:5000/v2/; sleep 600', { timeoutMs: 600_000 }) : undefined;
  if (lingering) await new Promise((resolve) => setTimeout(resolve, 100));
  const ended = await fetch(`${lab.origin}/api/sessions/${id}`, { method: 'DELETE', headers: { cookie } });
  expect(ended.status).toBe(204);
  if (lingering) expect((await lingering).timedOut).toBe(false);
}

describe('the soak', () => {
  it(`creates and ends ${SESSIONS} sessions while another learner works, and leaves nothing behind`, async () => {
    let next = 0;
    const worker = async () => {
      while (next < SESSIONS) await oneLife(next++);
    };
    const { maxEchoMs, maxHealthMs, samples } = await victim.watch(Promise.all(Array.from({ length: AT_ONCE }, worker)));
    expect(samples).toBeGreaterThan(10);
    expect(maxEchoMs).toBeLessThan(BUDGET_MS);
    expect(maxHealthMs).toBeLessThan(BUDGET_MS);
    expect((await victim.session()).state).toBe('ready');
    expect(lab.sessions.active).toBe(1);

    const victimDir = lab.sessions.get(victim.sessionId)!.dir;
    expect(readdirSync(sessionsDir)).toEqual([path.basename(victimDir)]);
    expect(processesUnder(sessionsDir).filter((line) => !line.includes(victimDir)).map((line) => line.slice(0, 160))).toEqual([]);
    const mounts = readFileSync('/proc/self/mounts', 'utf8').split('\n').filter((line) => line.includes(sessionsDir));
    expect(mounts.filter((line) => !line.includes(victimDir))).toEqual([]);
    expect(zombieChildren()).toEqual([]);
  }, 150_000);
});
