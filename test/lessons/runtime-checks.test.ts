/**
 * The lesson runtime's rounds of checks, with a small stand-in lesson and session: what is under test
 * is the runtime's bookkeeping, not a checker.
 * - A check is never older than the call (LessonRuntime.check): a round already running read the
 *   traffic before the call, so whoever asks meanwhile gets the round after it. Seen in the classroom
 *   bench: a round begun during a garbage collection answered the learner's Check after it ended,
 *   without the collection in its traffic.
 * - A check that throws is reported to the learner without the server's paths (design §5).
 * - Task lists carry a sequence number (a Check's answer and the event stream travel apart).
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../checkers/lib/index.ts';
import { createLogger } from '../../server/log/index.ts';
import { LessonRuntime } from '../../server/lessons/index.ts';
import type { TrafficEntry } from '../../server/recorder/index.ts';
import type { Session } from '../../server/sessions/index.ts';

function world(seen?: () => Promise<CheckResult>) {
  let traffic: TrafficEntry[] = [];
  const holds: (() => void)[] = [];
  let rounds = 0;
  const lesson = {
    id: 'stand-in',
    meta: { tasks: [{ id: 'seen', title: 'The traffic has an exchange', needs: [] }], registry: {} },
    setup: async () => ({}),
    checker: {
      // Each round's check waits until the test lets it finish, so rounds overlap calls on purpose.
      seen: async ({ traffic: entries }: { traffic: TrafficEntry[] }): Promise<CheckResult> => {
        if (seen) return seen();
        rounds += 1;
        await new Promise<void>((resolve) => holds.push(resolve));
        return entries.length ? { passed: true, message: 'seen' } : { passed: false, notStarted: true, message: 'nothing yet' };
      },
    },
  };
  const session = { id: 's', lesson: 'stand-in', state: 'ready', seed: 'seed', hostNames: [], events: new EventEmitter(), traffic: () => traffic, registry: {}, host: () => undefined } as unknown as Session;
  const runtime = new LessonRuntime((id) => (id === 'stand-in' ? (lesson as never) : undefined), createLogger('silent'));
  return {
    runtime,
    session,
    act: () => (traffic = [...traffic, { id: traffic.length + 1 } as TrafficEntry]),
    /** Lets the oldest waiting round finish; fails when no round is waiting (none was started). */
    release: async () => {
      const deadline = Date.now() + 2000;
      while (!holds.length) {
        if (Date.now() > deadline) throw new Error('no round of checks is waiting to finish');
        await new Promise((resolve) => setImmediate(resolve));
      }
      holds.shift()!();
    },
    rounds: () => rounds,
  };
}

describe('rounds of checks', () => {
  it('answers a call made during a round with a round that starts after the call', async () => {
    const { runtime, session, act, release } = world();
    await runtime.prepare(session, { reset: false });
    const first = runtime.check(session);
    act();
    const second = runtime.check(session);
    await release();
    expect((await first)[0]!.status).toBe('pending');
    await release();
    expect((await second)[0]!.status).toBe('passed');
  });

  it('runs one more round for everyone who asked meanwhile, not one each', async () => {
    const { runtime, session, act, release, rounds } = world();
    await runtime.prepare(session, { reset: false });
    const first = runtime.check(session);
    act();
    const meanwhile = [runtime.check(session), runtime.check(session), runtime.check(session)];
    await release();
    await first;
    await release();
    const answers = await Promise.all(meanwhile);
    expect(answers.map((tasks) => tasks[0]!.status)).toEqual(['passed', 'passed', 'passed']);
    expect(rounds()).toBe(2);
  });
});

describe('a check that throws', () => {
  it('tells the learner without the server\u2019s paths', async () => {
    const { runtime, session } = world(async () => {
      throw new Error('connect ECONNREFUSED /var/lib/registry-lab/sessions/0f3a/registry/run/registry.sock');
    });
    await runtime.prepare(session, { reset: false });
    const [task] = await runtime.check(session);
    expect(task!.status).toBe('failed');
    expect(task!.message).toContain('connect ECONNREFUSED');
    expect(task!.message).not.toContain('/var/lib');
  });
});

describe('task lists', () => {
  it('are numbered in the order the server makes them, so a page can drop one that arrives late', async () => {
    const { runtime, session, release } = world();
    await runtime.prepare(session, { reset: false });
    const madeFirst = runtime.list(session);
    const checked = runtime.check(session);
    await release();
    await checked;
    expect(runtime.list(session).seq).toBeGreaterThan(madeFirst.seq);
  });
});
