/**
 * The bench's attacker, run as its own process so its clients cost the bench nothing: one learner
 * (and the anonymous clients they can open) runs every known abuse at once, as test/abuse/all-at-once
 * does: the mirror's repeat bomb, unread event streams, a flood of long exchanges, empty-file floods,
 * inspector and traffic hammering, concurrent resets, wrong join codes from many addresses, bad gzip
 * bodies and long paths.
 *
 * Protocol on stdio: prints "ready" once its learners and terminal are set up, starts on a line "go",
 * prints "done" and exits when every attack has been answered.
 */
import net from 'node:net';
import readline from 'node:readline';
import { requestFrom } from '../lib/request-from.ts';
import { openTerminal } from './learner-client.ts';

const [origin, code] = process.argv.slice(2) as [string, string];
const lab = { origin };

async function joinedCookie(from: string, name: string): Promise<string> {
  const res = await requestFrom(lab, from, { method: 'POST', path: '/api/join', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, name }) });
  if (res.status !== 200) throw new Error(`attacker: join answered ${res.status}`);
  return String(res.headers['set-cookie']).split(';')[0]!;
}

async function createSession(cookie: string): Promise<string> {
  const res = await fetch(`${origin}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ lesson: 'push-blob' }) });
  const body = (await res.json()) as { id: string };
  if (res.status !== 201) throw new Error(`attacker: POST /api/sessions answered ${res.status}`);
  return body.id;
}

const sockets: net.Socket[] = [];
function unreadStreams(sessionId: string, cookie: string, count: number): void {
  const url = new URL(origin);
  for (let index = 0; index < count; index++) {
    const socket = net.connect(Number(url.port), url.hostname, () => {
      socket.write(`GET /api/sessions/${sessionId}/events HTTP/1.1\r\nHost: ${url.host}\r\nCookie: ${cookie}\r\n\r\n`);
      socket.pause();
    });
    socket.on('error', () => undefined);
    sockets.push(socket);
  }
}

const times = <T>(count: number, make: (index: number) => Promise<T>) => Promise.all(Array.from({ length: count }, (_, index) => make(index)));
const settled = (promise: Promise<unknown>) => promise.then(() => undefined, () => undefined);

const attackerCookie = await joinedCookie('127.0.0.50', 'Mallory');
const attackerSession = await createSession(attackerCookie);
const resetCookie = await joinedCookie('127.0.0.51', 'Mallory again');
const resetSession = await createSession(resetCookie);
const shell = await openTerminal(origin, attackerCookie, attackerSession, 'host-1');
const as = (cookie: string) => ({ headers: { cookie } });

console.log('ready');
await new Promise<void>((resolve) => readline.createInterface({ input: process.stdin }).once('line', () => resolve()));

await Promise.all([
  // One terminal per host: the shell's attacks run as its background jobs.
  settled(
    shell.run(
      `printf 'a\\e[2147483647b'; echo; curl -s -o /dev/null "localhost:5000/v2/nothing/tags/list?${'q'.repeat(8000)}&page=[1-2000]" & ` +
        '(cd /tmp && n=0; while [ $n -lt 20000 ] && : 2>/dev/null > f$n; do n=$((n+1)); done) & wait',
      120_000,
    ),
  ),
  (async () => unreadStreams(attackerSession, attackerCookie, 20))(),
  times(60, () => settled(fetch(`${origin}/api/sessions/${attackerSession}/registry`, as(attackerCookie)).then((res) => res.text()))),
  times(60, () => settled(fetch(`${origin}/api/sessions/${attackerSession}/traffic`, as(attackerCookie)).then((res) => res.text()))),
  times(5, () => settled(fetch(`${origin}/api/sessions/${resetSession}/reset`, { method: 'POST', ...as(resetCookie) }).then((res) => res.text()))),
  times(100, (index) => settled(requestFrom(lab, `127.0.1.${index + 1}`, { method: 'POST', path: '/api/join', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: `GUESS-${index}`, name: 'M' }) }))),
  times(20, () => settled(createSession(resetCookie))),
  times(50, () => settled(requestFrom(lab, '127.0.0.52', { method: 'POST', path: '/api/sessions', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: Buffer.from('not gzip') }))),
  times(50, () => settled(requestFrom(lab, '127.0.0.52', { path: `/api/lessons/${'a'.repeat(5000)}` }))),
]);

for (const socket of sockets) socket.destroy();
shell.close();
console.log('done');
process.exit(0);
