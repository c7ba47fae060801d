/**
 * The terminal mirror against hostile output. First the escape clamp on its own, checked by a real
 * xterm.js parser: random and known-costly sequences, cut at random places, must come out the same
 * and with every count bounded. Then the real lab: a learner prints every costly sequence we know
 * (REP, ICH, ECH, DECSTBM, SU/SD, IL/DL, CHT/CBT, SL, DECIC, huge OSC and DCS, long parameters, C1
 * controls, full-screen erases and resets, random bytes) while another learner types.
 */
import headless from '@xterm/headless';
import { describe, expect, it } from 'vitest';
import { EscapeClamp, TerminalLimits } from '../../server/terminal/index.ts';
import { openTerminal, sleep, TERMINAL_BUDGET_MS } from './terminal-client.ts';
import { createSession, labWithVictim } from './victim.ts';

/** A small deterministic PRNG (mulberry32), so a failing stream can be reproduced from its seed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Written as latin1: '\xc2\x9b' is the UTF-8 form of the C1 CSI, '\xc3\xa9' an ordinary é. */
const TOKENS = ['\x1b', '[', ']', 'P', '\\', '\x07', '\x18', ';', ':', '?', ' ', "'", '\n', 'a', '\xc3\xa9', '\xc2\x9b', '\xc2\x9c', '\xc2\x9d', '\xc2\x90', ...'b@XSTLMIZP}~AJmr'];

/** A byte stream biased towards escape sequences with huge counts and long strings. */
function hostileStream(next: () => number): Buffer {
  const parts: Buffer[] = [];
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  for (let i = 0; i < 300; i++) {
    const roll = next();
    if (roll < 0.15) parts.push(Buffer.from('9'.repeat(1 + Math.floor(next() * 14)), 'latin1'));
    else if (roll < 0.2) parts.push(Buffer.from(`\x1b[${Math.floor(next() * 2 ** 31)}${pick([...'b@XSTLMIZ'])}`));
    else if (roll < 0.23) parts.push(Buffer.from(pick(['\x1b]0;', '\x1bP$q', '\x1b_']) + 'x'.repeat(Math.floor(next() * 9000))));
    else if (roll < 0.3) parts.push(Buffer.from([Math.floor(next() * 256)]));
    else parts.push(Buffer.from(pick(TOKENS), 'latin1'));
  }
  return Buffer.concat(parts);
}

function filterInPieces(stream: Buffer, cuts: number[]): Buffer {
  const clamp = new EscapeClamp();
  const out: Buffer[] = [];
  let from = 0;
  for (const cut of [...cuts, stream.length]) {
    out.push(Buffer.from(clamp.push(stream.subarray(from, cut))));
    from = cut;
  }
  return Buffer.concat(out);
}

/** What a real xterm.js parser makes of a stream: the largest count any counting sequence received, the longest string payload. */
async function parsedByXterm(stream: Buffer): Promise<{ largestCount: number; longestString: number }> {
  const terminal = new headless.Terminal({ cols: 40, rows: 10, scrollback: 50, allowProposedApi: true, logLevel: 'off' });
  const seen = { largestCount: 0, longestString: 0 };
  const counting: headless.IFunctionIdentifier[] = [...[...'b@XSTLMIZPEFGd`ae'].map((final) => ({ final })), { intermediates: ' ', final: '@' }, { intermediates: ' ', final: 'A' }, { intermediates: "'", final: '}' }, { intermediates: "'", final: '~' }];
  for (const id of counting) {
    terminal.parser.registerCsiHandler(id, (params) => {
      for (const value of params.flat()) seen.largestCount = Math.max(seen.largestCount, value);
      return true; // handled: the test measures what arrives, it does not need the work done
    });
  }
  for (const id of [0, 1, 2, 8, 52]) {
    terminal.parser.registerOscHandler(id, (data) => {
      seen.longestString = Math.max(seen.longestString, data.length);
      return true;
    });
  }
  terminal.parser.registerDcsHandler({ intermediates: '$', final: 'q' }, (data) => {
    seen.longestString = Math.max(seen.longestString, data.length);
    return true;
  });
  await new Promise<void>((resolve) => terminal.write(stream, resolve));
  terminal.dispose();
  return seen;
}

describe('the escape clamp', () => {
  it('gives the same bytes however the stream is cut', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const next = random(seed);
      const stream = hostileStream(next);
      const whole = filterInPieces(stream, []);
      const cuts = Array.from({ length: 1 + Math.floor(next() * 40) }, () => Math.floor(next() * stream.length)).sort((a, b) => a - b);
      expect(filterInPieces(stream, cuts).equals(whole), `seed ${seed}`).toBe(true);
      // Byte by byte, the hardest cut of all, for some seeds.
      if (seed % 50 === 0) expect(filterInPieces(stream, Array.from({ length: stream.length - 1 }, (_, i) => i + 1)).equals(whole), `seed ${seed}, byte by byte`).toBe(true);
    }
  });

  it('leaves no count above the clamp and no string above its cap for a real xterm.js parser', async () => {
    // The checker itself sees the raw attack: it can fail.
    const raw = await parsedByXterm(Buffer.from(`a\x1b[2147483647b\x1b]0;${'t'.repeat(20_000)}\x07`));
    expect(raw.largestCount).toBe(2147483647);
    expect(raw.longestString).toBe(20_000);

    for (let seed = 1; seed <= 200; seed++) {
      const stream = hostileStream(random(seed));
      const seen = await parsedByXterm(filterInPieces(stream, [Math.floor(stream.length / 3)]));
      expect(seen.largestCount, `seed ${seed}`).toBeLessThanOrEqual(TerminalLimits.MIRROR_MAX_CSI_PARAM);
      expect(seen.longestString, `seed ${seed}`).toBeLessThanOrEqual(TerminalLimits.MIRROR_MAX_STRING_BYTES);
    }
  });

  it('keeps what an ordinary program prints: colours, cursor moves, titles, the alternate screen', () => {
    const ordinary = Buffer.from('\x1b[?1049h\x1b[1;31mred\x1b[0m\x1b[12;40H\x1b]0;my title\x07\x1b[38;2;10;200;255mrgb\x1b[2K\x1b[?2004h\x1b[?1049l\xc3\xa9t\xc3\xa9\n');
    expect(Buffer.from(new EscapeClamp().push(ordinary)).equals(ordinary)).toBe(true);
  });
});

const COSTLY = String.raw`
big() { head -c "$1" /dev/zero | tr '\0' "$2"; }
for n in 2147483647 99999999 501; do
  for final in b @ X S T L M I Z P ' @' ' A' "'}" "'~"; do printf 'a\e[%s%s' "$n" "$final"; done
  printf '\e[1;%sr\e[r' "$n"
done
printf '\e]0;%s\a' "$(big 2000000 x)"
printf '\eP$q%s\e\\' "$(big 2000000 q)"
printf '\e_%s\e\\' "$(big 1000000 z)"
printf '\e[%sb' "$(big 100000 9)"
printf '\e[%sm' "$(yes '1;' | head -c 200000 | tr -d '\n')"
printf 'a\xc2\x9b2147483647b\xc2\x9b2147483647S'
screens=$(for i in $(seq 1500); do printf '\e[2J\e#8\ec\e[200S\e[200T\e[?1049h\e[?1049l'; done)
for round in 1 2 3; do printf '%s' "$screens"; done
head -c 1500000 /dev/urandom
printf '\e\\\ec'
`;

describe('the mirror in a real lab', () => {
  const world = labWithVictim();

  it("parses every costly sequence in bounded time per chunk while another learner's echo and /healthz keep answering", async () => {
    const attacker = await createSession(world.lab);
    const host = world.lab.sessions.get(attacker.id)!.host('host-1');
    await host.run(`cat > ~/costly.sh <<'EOF'\n${COSTLY}\nEOF`);
    // Ask for the biggest screen a pty may have: every full-screen operation costs the most.
    const terminal = await openTerminal(world.lab, attacker, { cols: 500, rows: 200 });
    await terminal.waitFor('learner@host-1');

    // The victim's own mirror shares the worker: its screen (what an instructor's view asks for) must stay at hand.
    let slowestVictimScreenMs = 0;
    let victimScreenMissing = 0;
    const attack = (async () => {
      terminal.type('bash ~/costly.sh; echo FUZZ-$((40+2))\r');
      let done = false;
      const finished = terminal.waitFor('FUZZ-42', 100_000).finally(() => (done = true));
      while (!done) {
        const started = performance.now();
        if (!(await world.lab.terminals.screen(world.victim.sessionId, 'host-1'))) victimScreenMissing += 1;
        slowestVictimScreenMs = Math.max(slowestVictimScreenMs, performance.now() - started);
        await sleep(200);
      }
      await finished;
      await sleep(2000);
    })();
    const { maxEchoMs, maxHealthMs, samples } = await world.victim.watch(attack);

    expect(samples).toBeGreaterThan(3);
    expect(maxEchoMs).toBeLessThan(TERMINAL_BUDGET_MS);
    expect(maxHealthMs).toBeLessThan(TERMINAL_BUDGET_MS);
    const { mirror } = world.lab.terminals.stats();
    // No chunk ran much past the mirror's burst budget (one slice at most), so the watchdog never had to step in.
    expect(mirror.slowestChunkMs).toBeLessThan(TerminalLimits.MIRROR_CPU_BURST_MS + 500);
    expect(mirror.workerRestarts).toBe(0);
    expect(victimScreenMissing).toBe(0);
    expect(slowestVictimScreenMs).toBeLessThan(TerminalLimits.MIRROR_CPU_BURST_MS + 1000);

    // The attacker's shell still works, and a reconnect gets a screen (or the notice that it has none) in time.
    terminal.type('echo alive-$((1+1))\r');
    await terminal.waitFor('alive-2');
    terminal.close();
    await terminal.closed;
    const again = await openTerminal(world.lab, attacker);
    const started = Date.now();
    expect(await again.settled).toMatchObject({ t: 'ready', mode: 'snapshot' });
    expect(Date.now() - started).toBeLessThan(TerminalLimits.SNAPSHOT_TIMEOUT_MS + 1000);
    again.close();
    expect((await world.victim.session()).state).toBe('ready');
  });
});
