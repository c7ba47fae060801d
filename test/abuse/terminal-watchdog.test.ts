/**
 * The mirror worker's watchdog, the last line of defence: if a slice of terminal output ever hangs the
 * worker, the main thread must notice from the status words alone (a stuck worker answers no message),
 * replace the worker, start the culprit's mirror blank and rebuild every other mirror from its replay
 * ring. The real worker cannot be made to hang any more (that is what terminal-mirror-fuzz checks), so
 * a stand-in worker that hangs on purpose plays its part.
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { MirrorHost, TerminalLimits } from '../../server/terminal/index.ts';
import { sleep } from './terminal-client.ts';

const HANGING_WORKER = new URL('./terminal-hanging-worker.mjs', import.meta.url);

let host: MirrorHost | undefined;
afterEach(() => host?.close());

function recordingLogger(): { logger: pino.Logger; events: Array<Record<string, unknown>> } {
  const events: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) events.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, sink), events };
}

const text = (data: Buffer | undefined) => data?.toString();

describe('the mirror watchdog', () => {
  it('replaces a hung worker: the culprit starts blank, the other mirrors come back from their rings, the main thread never waits', async () => {
    const { logger, events } = recordingLogger();
    host = new MirrorHost(logger, HANGING_WORKER);
    const innocentRing = [Buffer.from('one '), Buffer.from('two')];
    const innocent = host.open({ label: 'innocent/host-1', replay: () => innocentRing }, 80, 24);
    const culprit = host.open({ label: 'culprit/host-1', replay: () => [Buffer.from('before '), Buffer.from('HANG')] }, 80, 24);
    for (const frame of innocentRing) innocent.write(frame);
    culprit.write(Buffer.from('before '));
    expect(text(await innocent.snapshot())).toBe('one two');

    culprit.write(Buffer.from('HANG'));
    const stuckSnapshot = innocent.snapshot();
    // The main thread keeps running while the worker hangs: timers still fire on time.
    const tick = Date.now();
    await sleep(100);
    expect(Date.now() - tick).toBeLessThan(1000);
    const deadline = Date.now() + TerminalLimits.MIRROR_STALL_MS + 5000;
    while (host.stats.workerRestarts === 0 && Date.now() < deadline) await sleep(50);

    expect(host.stats.workerRestarts).toBe(1);
    // The snapshot asked of the hung worker is answered (unavailable) rather than left waiting.
    expect(await stuckSnapshot).toBeUndefined();
    expect(text(await innocent.snapshot())).toBe('one two');
    expect(text(await culprit.snapshot())).toBe('');
    culprit.write(Buffer.from('after'));
    expect(text(await culprit.snapshot())).toBe('after');
    expect(events).toContainEqual(expect.objectContaining({ event: 'terminal-mirror-stalled', terminal: 'culprit/host-1' }));
  });
});
