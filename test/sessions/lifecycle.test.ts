/** Session lifecycle with the real registry and real sandboxes: start, capacity, idle, failure, teardown. */
import { afterAll, describe, expect, it } from 'vitest';
import { CapacityError } from '../../server/sessions/index.ts';
import { startManager, testConfig } from '../helpers/lab.ts';
import { isAlive } from '../../server/sandbox/index.ts';

const learner = (n: number) => n.toString(16).padStart(32, '0');
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

async function lab(env: Record<string, string> = {}) {
  const started = await startManager(testConfig(env));
  cleanups.push(started.stop);
  return started.manager;
}

describe('session lifecycle', () => {
  it('starts 20 sessions at once and every one reaches ready with a working shell', async () => {
    const manager = await lab({ LAB_MAX_SESSIONS: '25' });
    const sessions = await Promise.all(Array.from({ length: 20 }, (_, i) => manager.create({ learnerId: learner(i), lesson: null, hosts: ['host-1'] })));
    expect(sessions.map((s) => s.state)).toEqual(Array(20).fill('ready'));
    const answers = await Promise.all(sessions.map((s) => s.host('host-1').run('curl -s -o /dev/null -w "%{http_code}" localhost:5000/v2/')));
    expect(answers.map((a) => a.stdout)).toEqual(Array(20).fill('200'));
    await Promise.all(sessions.map((s) => manager.close(s, 'test')));
    expect(manager.active).toBe(0);
  }, 120_000);

  it('refuses a session past the cap with a retry hint, and frees the seat when one closes', async () => {
    const manager = await lab({ LAB_MAX_SESSIONS: '1' });
    const first = await manager.create({ learnerId: learner(1), lesson: null, hosts: ['host-1'] });
    const refused = await manager.create({ learnerId: learner(2), lesson: null, hosts: ['host-1'] }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CapacityError);
    expect((refused as CapacityError).retryAfterSeconds).toBeGreaterThan(0);
    await manager.close(first, 'test');
    const second = await manager.create({ learnerId: learner(2), lesson: null, hosts: ['host-1'] });
    expect(second.state).toBe('ready');
  });

  it('closes a session after the idle timeout', async () => {
    const manager = await lab({ LAB_IDLE_TIMEOUT: '1s' });
    const session = await manager.create({ learnerId: learner(3), lesson: null, hosts: ['host-1'] });
    const closed = new Promise((resolve) => manager.once('closed', (_s, reason) => resolve(reason)));
    expect(await closed).toBe('idle timeout');
    expect(session.state).toBe('closed');
  }, 20_000);

  it('turns the session failed, with the reason, when its registry process dies', async () => {
    const manager = await lab();
    const session = await manager.create({ learnerId: learner(4), lesson: null, hosts: ['host-1'] });
    const failed = new Promise<string>((resolve) => manager.once('failed', (_s, reason: string) => resolve(reason)));
    process.kill(session.registryProcess.pid!, 'SIGKILL');
    expect(await failed).toMatch(/registry stopped \(registry killed by SIGKILL\)/);
    expect(session.state).toBe('failed');
    expect(session.toJSON()).toMatchObject({ state: 'failed', failure: expect.stringContaining('SIGKILL') });
    const shell = await session.host('host-1').run('curl -s localhost:5000/v2/');
    expect(JSON.parse(shell.stdout).errors[0].code).toBe('UNAVAILABLE');
  });

  it('reset gives a fresh registry and fresh homes', async () => {
    const manager = await lab();
    const session = await manager.create({ learnerId: learner(5), lesson: null, hosts: ['host-1'] });
    await session.host('host-1').run('echo keep > ~/note');
    await session.registry.pushBlob('old', Buffer.from('old content'));
    expect(await session.registry.catalog()).toEqual(['old']);
    const oldPid = session.registryProcess.pid!;
    await manager.reset(session);
    expect(session.state).toBe('ready');
    expect(isAlive(oldPid)).toBe(false);
    expect(await session.registry.catalog()).toEqual([]);
    const after = await session.host('host-1').run('ls ~; curl -s localhost:5000/v2/_catalog');
    expect(after.stdout.trim()).toBe('{"repositories":[]}');
    expect(session.traffic().length).toBe(1);
  });

  it('finishes a teardown whose steps throw: every other step runs and the seat is freed', async () => {
    const manager = await lab({ LAB_MAX_SESSIONS: '1' });
    const session = await manager.create({ learnerId: learner(7), lesson: null, hosts: ['host-1'] });
    const registryPid = session.registryProcess.pid;
    session.recorder.close = () => Promise.reject(new Error('recorder close failed'));
    await manager.close(session, 'test');
    expect(manager.active).toBe(0);
    expect(registryPid !== undefined && isAlive(registryPid)).toBe(false);
    const next = await manager.create({ learnerId: learner(8), lesson: null, hosts: ['host-1'] });
    expect(next.state).toBe('ready');
  });
});
