/**
 * The auth and garbage-collection lessons in real Chromium: the token service's exchanges and a
 * garbage collection show in the traffic panel beside the registry's, at localhost:5001 and with
 * what they did, and never with the password.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/log/index.ts';
import { startTestLab } from '../helpers/server.ts';

let lab: Awaited<ReturnType<typeof startTestLab>>;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  lab = await startTestLab({}, createLogger('silent'));
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
});

afterAll(async () => {
  await browser?.close();
  await lab?.stop();
});

async function typeInTerminal(text: string): Promise<void> {
  await page.click('[data-terminal="host-1"] .xterm');
  await page.keyboard.type(text, { delay: 2 });
  await page.keyboard.press('Enter');
}

const screenText = () => page.locator('[data-terminal="host-1"] .xterm-rows').innerText();
const labRows = () => page.locator('[data-traffic-entry]').filter({ has: page.locator('.target', { hasText: 'localhost:5001' }) });

describe('the lab service in the traffic panel', () => {
  it('shows a token exchange at localhost:5001/token with the access it granted', async () => {
    await page.goto(`${lab.origin}/lessons/auth`);
    await expect.poll(screenText, { timeout: 15_000 }).toContain('learner@host-1:~$');
    await typeInTerminal('curl -s -u "$REGISTRY_USER:$REGISTRY_PASSWORD" "http://localhost:5001/token?service=registry-lab&scope=repository:private/app:pull" | jq -r .expires_in');
    await expect.poll(screenText, { timeout: 10_000 }).toContain('600');
    await expect.poll(() => labRows().count(), { timeout: 10_000 }).toBe(1);
    const row = labRows().first();
    expect(await row.locator('.target').innerText()).toContain('localhost:5001/token?service=registry-lab&scope=repository:private/app:pull');
    await row.locator('summary').click();
    const detail = await row.locator('pre').innerText();
    expect(detail).toContain('# token for learner: repository:private/app:pull, valid 600 s');
    expect(detail).toMatch(/> authorization: Basic …/);
    const session = lab.sessions.list().find((candidate) => candidate.lesson === 'auth')!;
    expect(await page.content()).not.toContain(session.registryProcess.learnerCredentials.password);
  });

  it('shows a garbage collection at localhost:5001/gc with its summary', async () => {
    await page.goto(`${lab.origin}/lessons/garbage-collection`);
    await expect.poll(screenText, { timeout: 15_000 }).toContain('learner@host-1:~$');
    await typeInTerminal('registry-gc --dry-run | tail -n 1; echo GC-DONE');
    await expect.poll(screenText, { timeout: 15_000 }).toContain('GC-DONE');
    await expect.poll(() => labRows().count(), { timeout: 10_000 }).toBe(1);
    const row = labRows().first();
    await row.locator('summary').click();
    expect(await row.locator('pre').innerText()).toMatch(/# registry garbage-collect --dry-run \/etc\/registry\/config\.yml: \d+ blobs marked, \d+ blobs and \d+ manifests eligible for deletion/);
    await page.screenshot({ path: 'test-results/lab-service-traffic.png' });
  });
});
