// A stand-in for the mirror worker that speaks its protocol (server/terminal/mirror-protocol.ts) but,
// instead of a terminal, keeps the bytes written to each mirror, and hangs for good on a write that
// contains HANG: the one thing the real worker's clamp and slices are there to prevent, so that the
// watchdog can be tested. A snapshot answers with everything written to that mirror since it was made.
import { parentPort, workerData } from 'node:worker_threads';

const CURRENT_MIRROR = 0;
const OPERATIONS = 1;
const status = new Int32Array(workerData.status);
const written = new Map();

parentPort.on('message', (message) => {
  if (message.t === 'create') written.set(message.id, []);
  if (message.t === 'dispose') written.delete(message.id);
  if (message.t === 'write') {
    const text = Buffer.from(message.data).toString();
    Atomics.store(status, CURRENT_MIRROR, message.id);
    Atomics.add(status, OPERATIONS, 1);
    while (text.includes('HANG'));
    Atomics.store(status, CURRENT_MIRROR, 0);
    written.get(message.id)?.push(text);
    parentPort.postMessage({ t: 'parsed', counts: [[message.id, message.data.length]], slowestChunkMs: 0 });
  }
  if (message.t === 'snapshot') {
    const data = new TextEncoder().encode((written.get(message.id) ?? []).join(''));
    parentPort.postMessage({ t: 'snapshot', req: message.req, data }, [data.buffer]);
  }
});
parentPort.postMessage({ t: 'ready' });
