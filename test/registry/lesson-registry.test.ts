/**
 * The whole lab with a lesson that asks for token auth: its registry starts with the lesson's
 * settings (no second start), the learner's shell has the credentials and meets the Bearer
 * challenge, and the server's logs never hold the password or a token.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestLab } from '../helpers/server.ts';
import type { LabSession } from '../../server/sessions/index.ts';

const logged: string[] = [];
let lab: Awaited<ReturnType<typeof startTestLab>>;

beforeAll(async () => {
  const sink = new Writable({ write(chunk, _encoding, done) { logged.push(String(chunk)); done(); } });
  lab = await startTestLab({}, pino({ level: 'debug' }, sink));
});
afterAll(async () => lab.stop());

it('starts the auth lesson\u2019s registry with token auth from the first start, and keeps the credentials out of the logs', async () => {
  const settingsAtCreation: string[] = [];
  lab.sessions.once('created', (created) => {
    settingsAtCreation.push((lab.sessions.get(created.id) as LabSession).registryProcess.settings.auth);
  });
  const session = await lab.sessions.create({ learnerId: 'a'.repeat(32), lesson: 'auth', hosts: ['host-1'] });
  expect(session.state).toBe('ready');
  expect(settingsAtCreation).toEqual(['token']);
  const result = await session.host('host-1').run([
    'curl -si localhost:5000/v2/private/app/tags/list | grep -i "^www-authenticate"',
    'TOKEN=$(curl -s -u "$REGISTRY_USER:$REGISTRY_PASSWORD" "http://localhost:5001/token?service=registry-lab&scope=repository:private/app:pull" | jq -r .token)',
    'curl -s -o /dev/null -w "pull=%{http_code}\\n" -H "Authorization: Bearer $TOKEN" localhost:5000/v2/private/app/tags/list',
    'echo "$TOKEN" > /tmp/token-for-the-test',
  ].join('\n'));
  expect(result.stdout).toMatch(/Bearer realm="http:\/\/localhost:5001\/token"/);
  expect(result.stdout).toContain('pull=200');
  const token = (await session.host('host-1').run('cat /tmp/token-for-the-test')).stdout.trim();
  expect(token.split('.')).toHaveLength(3);
  // A reset gives a fresh registry with the same settings, and the same credentials still get tokens it accepts.
  await lab.sessions.reset(session);
  const again = await session.host('host-1').run([
    'TOKEN=$(curl -s -u "$REGISTRY_USER:$REGISTRY_PASSWORD" "http://localhost:5001/token?service=registry-lab&scope=repository:private/app:pull" | jq -r .token)',
    'curl -s -o /dev/null -w "after-reset=%{http_code}\n" -H "Authorization: Bearer $TOKEN" localhost:5000/v2/private/app/tags/list',
    'curl -s -o /dev/null -w "anonymous=%{http_code}\n" localhost:5000/v2/private/app/tags/list',
  ].join('\n'));
  expect(again.stdout).toContain('after-reset=200');
  expect(again.stdout).toContain('anonymous=401');
  await lab.sessions.close(session, 'test');
  const logs = logged.join('');
  expect(logs).toContain('session-ready');
  expect(logs).not.toContain(session.registryProcess.learnerCredentials.password);
  expect(logs).not.toContain(token.split('.')[2]);
});
