/**
 * Finding 1 (critical): `printf 'a\e[2147483647b'` in a learner's shell made the server's headless
 * mirror repeat a character 2^31 times on the main thread, and every terminal, the API and /healthz
 * stopped answering for about 85 s. Now the mirror parses in a worker, behind a clamp: the attack
 * costs the attacker's mirror a moment, and nobody else notices.
 */
import { describe, expect, it } from 'vitest';
import { openTerminal, sleep, TERMINAL_BUDGET_MS } from './terminal-client.ts';
import { createSession, labWithVictim } from './victim.ts';

const world = labWithVictim();

describe('a repeat-character bomb from a learner shell', () => {
  it("keeps another learner's echo and /healthz answering, and the attacker's own screen can still be restored", async () => {
    const attacker = await createSession(world.lab);
    const terminal = await openTerminal(world.lab, attacker);
    await terminal.waitFor('learner@host-1');

    const attack = (async () => {
      // The finding's exact command; unfixed, the whole server (and this test with it) froze for about 85 s.
      terminal.type(`printf 'a\\e[2147483647b'; echo REP-$((6*7))\r`);
      await terminal.waitFor('REP-42', 120_000);
      // The mirror works after the bytes went out: watch the victim a little longer.
      await sleep(1500);
    })();
    const { maxEchoMs, maxHealthMs, samples } = await world.victim.watch(attack);

    expect(samples).toBeGreaterThan(3);
    expect(maxEchoMs).toBeLessThan(TERMINAL_BUDGET_MS);
    expect(maxHealthMs).toBeLessThan(TERMINAL_BUDGET_MS);
    // The clamp made the bomb cheap: the watchdog never had to replace the mirror worker.
    expect(world.lab.terminals.stats().mirror.workerRestarts).toBe(0);

    terminal.close();
    await terminal.closed;
    const again = await openTerminal(world.lab, attacker);
    const ready = await again.settled;
    expect(ready).toMatchObject({ t: 'ready', mode: 'snapshot' });
    await again.waitFor('REP-42', 5000);
    again.close();
    expect((await world.victim.session()).state).toBe('ready');
  });
});
