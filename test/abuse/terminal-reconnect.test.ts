/**
 * Findings 5 and 9: every reconnect without lastSeq serialized a 1000-line screen on the main thread
 * (330–415 ms, 6.5 MB), and tickets were unlimited with an O(n) scan per issue, so a reconnect loop
 * pushed another learner's echo to about 1.2 s. Now snapshots come from the mirror worker, bounded
 * and cached; a terminal takes RECONNECT_BURST connections, then RECONNECTS_PER_MINUTE; a session
 * holds at most TICKETS_PER_SESSION tickets.
 */
import { describe, expect, it } from 'vitest';
import { TerminalLimits } from '../../server/terminal/index.ts';
import { openTerminal, sleep, ticket, TERMINAL_BUDGET_MS, type Control, type TerminalClient } from './terminal-client.ts';
import { createSession, labWithVictim } from './victim.ts';

const world = labWithVictim();

/** A screen that is expensive to serialize: the widest pty, a full scrollback, a colour change every cell. */
const FILL = String.raw`
line=$(for j in $(seq 250); do printf '\e[3%dma\e[4%dmb' $((j % 8)) $(((j + 3) % 8)); done)
for i in $(seq 1100); do printf '%s\e[0m\n' "$line"; done
`;

/** The first answer to a hello: `ready` or `error`, or a close without either. */
async function outcome(client: TerminalClient): Promise<Control> {
  return Promise.race([client.settled, client.closed.then(({ code, reason }) => ({ t: 'closed', reason: `${code} ${reason}` }))]);
}

describe('reconnects and tickets', () => {
  it("a reconnect loop without lastSeq is rate-limited, gets bounded cached snapshots, and leaves another learner's echo alone", async () => {
    const attacker = await createSession(world.lab);
    const host = world.lab.sessions.get(attacker.id)!.host('host-1');
    await host.run(`cat > ~/fill.sh <<'EOF'\n${FILL}\nEOF`);
    const first = await openTerminal(world.lab, attacker, { cols: 500, rows: 200 });
    await first.waitFor('learner@host-1');
    first.type('bash ~/fill.sh; echo FILLED-$((1+1))\r');
    await first.waitFor('FILLED-2', 60_000);
    first.close();
    await first.closed;
    // Let the mirror's parse budget refill, so the loop below meets a full, costly screen.
    await sleep(3000);

    const tally = { ready: 0, rateLimited: 0, other: [] as string[], largestSnapshot: 0 };
    const loop = async () => {
      for (let i = 0; i < 15; i++) {
        const client = await openTerminal(world.lab, attacker, { cols: 500, rows: 200 });
        const answer = await outcome(client);
        if (answer.t === 'ready') {
          tally.ready += 1;
          const deadline = Date.now() + 10_000;
          while (!client.frames.length && Date.now() < deadline) await sleep(5);
          tally.largestSnapshot = Math.max(tally.largestSnapshot, client.frames[0]?.length ?? Infinity);
        } else if (answer.reason === 'rate-limit') tally.rateLimited += 1;
        else tally.other.push(`${answer.t} ${answer.reason}`);
        client.close();
        await client.closed;
      }
    };
    const { maxEchoMs, maxHealthMs, samples } = await world.victim.watch(Promise.all([loop(), loop(), loop(), loop()]));

    expect(samples).toBeGreaterThan(3);
    expect(maxEchoMs).toBeLessThan(TERMINAL_BUDGET_MS);
    expect(maxHealthMs).toBeLessThan(TERMINAL_BUDGET_MS);
    expect(tally.other).toEqual([]);
    // The first connection above used one unit of the burst; the loop may see a unit or two refill.
    expect(tally.ready).toBeGreaterThan(0);
    expect(tally.ready).toBeLessThanOrEqual(TerminalLimits.RECONNECT_BURST + 2);
    expect(tally.rateLimited).toBe(60 - tally.ready);
    expect(tally.largestSnapshot).toBeLessThanOrEqual(TerminalLimits.SNAPSHOT_MAX_BYTES);
    expect((await world.victim.session()).state).toBe('ready');
  });

  it('a ticket flood keeps a bounded number of tickets per session and revokes the oldest', async () => {
    const attacker = await createSession(world.lab);
    const oldest = await ticket(world.lab, attacker);
    const flood = async () => {
      for (let round = 0; round < 50; round++) await Promise.all(Array.from({ length: 20 }, () => ticket(world.lab, attacker)));
      return ticket(world.lab, attacker);
    };
    const { result: newest, maxEchoMs, maxHealthMs } = await world.victim.watch(flood());
    expect(maxEchoMs).toBeLessThan(TERMINAL_BUDGET_MS);
    expect(maxHealthMs).toBeLessThan(TERMINAL_BUDGET_MS);
    // Of the 1002 tickets asked for, the session holds the newest few; the server holds no others.
    expect(world.lab.terminals.stats().tickets).toBeLessThanOrEqual(TerminalLimits.TICKETS_PER_SESSION);

    const stale = await openTerminal(world.lab, attacker, { ticket: oldest });
    expect(await outcome(stale)).toMatchObject({ t: 'error', reason: 'auth' });
    const fresh = await openTerminal(world.lab, attacker, { ticket: newest });
    expect(await outcome(fresh)).toMatchObject({ t: 'ready', mode: 'fresh' });
    fresh.close();
  });
});
