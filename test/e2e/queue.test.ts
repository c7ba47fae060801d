/**
 * A full lab in real Chromium: the next learner sees their place in line, not an error page, and their
 * shell starts by itself when a seat frees up.
 */
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestLab } from '../helpers/server.ts';

let lab: Awaited<ReturnType<typeof startTestLab>>;
let browser: Browser;

beforeAll(async () => {
  lab = await startTestLab({ LAB_MAX_SESSIONS: '1' });
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
});

afterAll(async () => {
  await browser?.close();
  await lab?.stop();
});

const prompt = (page: import('playwright-core').Page) => page.locator('[data-terminal="host-1"] .xterm-rows').innerText();

describe('a full lab', () => {
  it('queues the next learner with their place and lets them in when a seat frees', async () => {
    // Two browser contexts are two learners (separate cookies).
    const first = await (await browser.newContext()).newPage();
    await first.goto(`${lab.origin}/lessons/push-blob`);
    await expect.poll(() => prompt(first), { timeout: 15_000 }).toContain('learner@host-1:~$');

    const second = await (await browser.newContext()).newPage();
    await second.goto(`${lab.origin}/lessons/push-blob`);
    await expect.poll(() => second.locator('[data-queue-position]').getAttribute('data-queue-position'), { timeout: 10_000 }).toBe('1');
    expect(await second.locator('[data-queue-position]').innerText()).toContain('next in line');
    expect(await second.locator('[data-action="leave-line"]').getAttribute('href')).toBe('/');

    first.once('dialog', (dialog) => void dialog.accept());
    await first.click('[data-action="end"]');
    await expect.poll(() => prompt(second), { timeout: 20_000 }).toContain('learner@host-1:~$');
  });
});
