/**
 * A typist in a process of its own, so that what it measures is the lab's echo, not the wait for a
 * turn of a bench process busy driving a whole classroom. A new learner opens `lesson` and types on
 * `host` every `everyMs`, open loop (learner-client.ts's typist).
 *
 * Protocol on stdio: prints "ready" once typing; on a line "stop", prints the echo times as one JSON
 * array (Infinity as null) and exits.
 */
import readline from 'node:readline';
import { newLearner, openTypist } from './learner-client.ts';

const [origin, lesson, host, everyMs] = process.argv.slice(2) as [string, string, string, string];
const learner = await newLearner(origin, lesson);
const typist = await openTypist(origin, learner.cookie, learner.sessionId, host);
typist.start(Number(everyMs));
console.log('ready');
await new Promise<void>((resolve) => readline.createInterface({ input: process.stdin }).once('line', () => resolve()));
const echo = await typist.stop();
typist.close();
await learner.end();
console.log(JSON.stringify(echo));
process.exit(0);
