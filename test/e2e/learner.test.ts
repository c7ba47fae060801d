/**
 * A learner's path through push-blob in real Chromium: open the course, start the lesson, type the
 * commands into the terminal, watch `upload` pass without pressing Check, see the inspector and the
 * traffic panel, use a Run button, and reset. An instructor watches the same learner read-only.
 */
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/log/index.ts';
import { startTestLab } from '../helpers/server.ts';

let lab: Awaited<ReturnType<typeof startTestLab>>;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];
const ADMIN_TOKEN = 'e2e-instructor-token';

beforeAll(async () => {
  lab = await startTestLab({ LAB_ADMIN_TOKEN: ADMIN_TOKEN }, createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'));
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  mkdirSync('test-results', { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await lab?.stop();
});

async function typeInTerminal(host: string, text: string): Promise<void> {
  await page.click(`[data-terminal="${host}"] .xterm`);
  await page.keyboard.type(text, { delay: 2 });
  await page.keyboard.press('Enter');
}

const screenText = (host: string) => page.locator(`[data-terminal="${host}"] .xterm-rows`).innerText();

describe('a learner in the browser', () => {
  it('lists the lessons on the course home', async () => {
    await page.goto(`${lab.origin}/`);
    await expect.poll(() => page.locator('[data-lesson-id="push-blob"]').count()).toBe(1);
    await page.screenshot({ path: 'test-results/home.png' });
  });

  it('starts push-blob and gets a prompt in a real sandbox', async () => {
    await page.click('[data-lesson-id="push-blob"] a');
    await page.waitForURL(/\/lessons\/push-blob$/);
    await expect.poll(() => screenText('host-1'), { timeout: 15_000 }).toContain('learner@host-1:~$');
    await expect.poll(() => page.locator('[data-task-id="upload"]').getAttribute('data-status')).not.toBe('passed');
  });

  it('turns upload passed without pressing Check, and shows the inspector and traffic', async () => {
    await typeInTerminal('host-1', 'D="sha256:$(sha256sum ~/blob.tar.gz | cut -d" " -f1)"; L=$(curl -si -X POST http://$REGISTRY/v2/hello-world/blobs/uploads/ | tr -d "\\r" | sed -n "s/^[Ll]ocation: //p")');
    await typeInTerminal('host-1', 'curl -s -X PUT -H "Content-Type: application/octet-stream" --data-binary @blob.tar.gz "$L&digest=$D" && echo UPLOADED');
    await expect.poll(() => screenText('host-1'), { timeout: 10_000 }).toContain('UPLOADED');
    await expect.poll(() => page.locator('[data-task-id="upload"]').getAttribute('data-status'), { timeout: 10_000 }).toBe('passed');
    await expect.poll(() => page.locator('[data-inspector] [data-repository="hello-world"]').count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => page.locator('[data-inspector] [data-repository="hello-world"] [data-blob]').count()).toBe(1);
    const row = (method: string, status: string) => page.locator(`[data-traffic-entry][data-method="${method}"]`).filter({ has: page.locator('.status', { hasText: status }) });
    expect(await row('POST', '202').count()).toBe(1);
    expect(await row('PUT', '201').count()).toBe(1);
    await page.screenshot({ path: 'test-results/lesson-1440x900.png' });
  });

  it('filters the traffic by method and shows an exchange\'s headers', async () => {
    await page.selectOption('select[aria-label="methods"]', 'PUT');
    const visible = page.locator('[data-traffic-entry]:visible');
    await expect.poll(() => visible.count()).toBe(1);
    expect(await visible.getAttribute('data-method')).toBe('PUT');
    await visible.locator('summary').click();
    expect(await visible.locator('pre').innerText()).toMatch(/< docker-content-digest: sha256:[0-9a-f]{64}/i);
    await page.selectOption('select[aria-label="methods"]', '');
    expect(await page.locator('[data-traffic-entry]:visible').count()).toBeGreaterThan(1);
  });

  it('shows the learner to an instructor: roster, tasks, registry and traffic, read-only', async () => {
    const admin = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await admin.goto(`${lab.origin}/admin`);
    await admin.fill('#admin-token', ADMIN_TOKEN);
    await admin.click('button[type="submit"]');
    await admin.locator('[data-action="watch"]').first().click();
    await expect.poll(() => admin.locator('[data-watch] [data-task-id="upload"]').getAttribute('data-status'), { timeout: 10_000 }).toBe('passed');
    await expect.poll(() => admin.locator('[data-watch] [data-repository="hello-world"]').count()).toBe(1);
    await expect.poll(() => admin.locator('[data-watch] [data-traffic-entry][data-method="PUT"]').count()).toBe(1);
    await admin.screenshot({ path: 'test-results/admin-1440x900.png' });
    await admin.close();
  });

  it('runs a code block with its Run button', async () => {
    await page.locator('[data-action="run"]').first().click();
    await expect.poll(() => screenText('host-1'), { timeout: 10_000 }).toContain('HTTP/1.1 200 OK');
  });

  it('looks right at 1280×720 too, and the shell follows the new size', async () => {
    await typeInTerminal('host-1', 'clear; stty size');
    const before = await screenText('host-1');
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.waitForTimeout(400);
    await typeInTerminal('host-1', 'clear; stty size');
    await expect.poll(async () => (await screenText('host-1')).match(/^\d+ \d+$/m)?.[0], { timeout: 10_000 }).not.toBe(before.match(/^\d+ \d+$/m)?.[0]);
    await page.screenshot({ path: 'test-results/lesson-1280x720.png' });
  });

  it('works from the keyboard: arrows switch host tabs and move the divider', async () => {
    await page.focus('[role="tab"][data-host="host-1"]');
    await page.keyboard.press('ArrowRight');
    expect(await page.getAttribute('[data-host="host-2"]', 'aria-selected')).toBe('true');
    expect(await page.isVisible('[data-terminal="host-2"]')).toBe(true);
    expect(await page.isVisible('[data-terminal="host-1"]')).toBe(false);
    await page.keyboard.press('ArrowLeft');
    expect(await page.getAttribute('[data-host="host-1"]', 'aria-selected')).toBe('true');

    const lessonWidth = () => page.locator('section.left').evaluate((node) => node.getBoundingClientRect().width);
    const before = await lessonWidth();
    await page.focus('[role="separator"]');
    await page.keyboard.press('ArrowRight');
    await expect.poll(lessonWidth).toBeGreaterThan(before + 30);
  });

  it('restores the screen after a page reload', async () => {
    await typeInTerminal('host-1', 'echo kept-across-reload-$((6*7))');
    await expect.poll(() => screenText('host-1'), { timeout: 10_000 }).toContain('kept-across-reload-42');
    await page.reload();
    await expect.poll(() => screenText('host-1'), { timeout: 15_000 }).toContain('kept-across-reload-42');
  });

  it('reset brings the tasks back to not passed', async () => {
    page.once('dialog', (dialog) => void dialog.accept());
    await page.click('[data-action="reset"]');
    await expect.poll(() => page.locator('[data-task-id="upload"]').getAttribute('data-status'), { timeout: 15_000 }).not.toBe('passed');
    expect(consoleErrors, consoleErrors.join("\n")).toEqual([]);
  });

  it('says so when the registry dies, and a reset brings it back', async () => {
    await expect.poll(() => screenText('host-1'), { timeout: 15_000 }).toContain('learner@host-1:~$');
    const [session] = lab.sessions.list();
    process.kill(session!.registryProcess.pid!, 'SIGKILL');
    await expect.poll(() => page.locator('[data-banner]').innerText(), { timeout: 10_000 }).toContain('stopped working');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.click('[data-action="reset"]');
    await expect.poll(() => screenText('host-1'), { timeout: 15_000 }).toContain('learner@host-1:~$');
    expect(await page.isHidden('[data-banner]')).toBe(true);
    await typeInTerminal('host-1', 'curl -s -o /dev/null -w "registry-%{http_code}\\n" http://$REGISTRY/v2/');
    await expect.poll(() => screenText('host-1'), { timeout: 10_000 }).toContain('registry-200');
  });

  it('says so when the session ends, and offers a new one', async () => {
    // Let the reloaded page settle (its first registry snapshot shown) before the session goes away.
    await expect.poll(() => page.locator('[data-inspector] .empty').count(), { timeout: 10_000 }).toBe(1);
    const [session] = lab.sessions.list();
    await lab.sessions.close(session!, 'lifetime reached');
    await expect.poll(() => page.locator('[data-banner]').innerText(), { timeout: 10_000 }).toContain('has ended');
    await page.click('[data-banner] button');
    await expect.poll(() => screenText('host-1'), { timeout: 15_000 }).toContain('learner@host-1:~$');
    expect(lab.sessions.list()).toHaveLength(1);
    expect(consoleErrors, consoleErrors.join("\n")).toEqual([]);
  });
});
