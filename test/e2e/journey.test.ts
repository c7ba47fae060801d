/**
 * The learner's journey across lessons, tabs, devices and a server restart, in real Chromium
 * against the real lab: the course map, keyboard use, Show me, a second tab ("Use here"), another
 * device, the registry-only reset, +30 min, Next lesson through four lessons without a 429, a
 * returning learner's work replayed in the background (never a tick over an empty registry, and the
 * terminal theirs meanwhile), the layouts at 1280×720
 * and 390×844, a restart, the course-complete page and the instructor's view.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type LabConfig } from '../../server/config/index.ts';
import { solutionParts } from '../../server/lessons/index.ts';
import { createLogger } from '../../server/log/index.ts';
import { openProgressStore } from '../../server/progress/index.ts';
import { startLab, type RunningLab } from '../../server/lab.ts';
import type { LabSession } from '../../server/sessions/index.ts';
import { freePort } from '../helpers/server.ts';

const ADMIN_TOKEN = 'journey-e2e-instructor-token';
let config: LabConfig;
let lab: RunningLab;
let origin: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lab-e2e-journey-'));
  // One extension fits before LAB_SESSION_MAX_TTL, so the second one says why not.
  config = loadConfig({ LAB_DATA_DIR: dataDir, PORT: String(port), LAB_LOG_LEVEL: 'silent', LAB_ADMIN_TOKEN: ADMIN_TOKEN, LAB_SESSION_TTL: '2h', LAB_SESSION_MAX_TTL: '150m' });
  lab = await startLab(config, createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'));
  origin = `http://127.0.0.1:${port}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  context = await browser.newContext({ viewport: { width: 1440, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] });
  page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error' && !/Failed to load resource|ERR_CONNECTION_REFUSED|EventSource/.test(message.text())) consoleErrors.push(message.text());
  });
  page.on('dialog', (dialog) => void dialog.accept());
  mkdirSync('test-results', { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await lab?.close();
  rmSync(config.dataDir, { recursive: true, force: true });
});

const screenText = (on: Page, host = 'host-1') => on.locator(`[data-terminal="${host}"] .xterm-rows`).innerText();
const status = (on: Page, task: string) => on.locator(`[data-tasks] [data-task-id="${task}"]`).getAttribute('data-status');
const mySessions = async (on: Page) => (await on.evaluate(() => fetch('/api/me/sessions').then((r) => r.json()))) as { sessions: { id: string; lesson: string }[] };
const focusedIn = (on: Page, selector: string) => on.evaluate((sel) => !!document.activeElement?.closest(sel), selector);

async function typeInTerminal(on: Page, text: string, host = 'host-1'): Promise<void> {
  await on.click(`[data-terminal="${host}"] .xterm`);
  await on.keyboard.type(text, { delay: 2 });
  await on.keyboard.press('Enter');
}

/** Runs one task's solution part in the learner's session from the server side (what a learner would have typed). */
async function solveOnServer(lesson: string, task: string): Promise<void> {
  const [session] = lab.sessions.list().filter((candidate) => candidate.lesson === lesson);
  const { parts } = solutionParts(readFileSync(path.join(config.lessonsDir, lesson, 'solution.sh'), 'utf8'), session!.hostNames[0]!);
  const helpersFile = path.join(config.lessonsDir, lesson, 'helpers.sh');
  const helpers = (() => {
    try {
      return readFileSync(helpersFile, 'utf8');
    } catch {
      return '';
    }
  })();
  for (const section of parts.find((part) => part.task === task)!.sections) {
    const result = await session!.host(section.host).run(`set -e\n${helpers}\n${section.script}`, { timeoutMs: 60_000 });
    expect(result.code, result.stderr).toBe(0);
  }
}

/**
 * Holds the scripts the lab runs in the next session's sandboxes (the replay of a returning learner's
 * tasks; the learner's own terminal is not one of them) until released, so the test sees the replay
 * in progress however fast this machine runs it. The scripts then run as they would have.
 */
function holdNextReplay(): () => void {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  lab.sessions.once('created', (session) => {
    const live = session as LabSession;
    const hostOf = live.host.bind(live);
    live.host = (name) => {
      const host = hostOf(name);
      const held: typeof host['run'] = async (script, options) => {
        await released;
        return host.run(script, options);
      };
      return Object.assign(Object.create(host) as typeof host, { run: held });
    };
  });
  return release;
}

describe('the learner\u2019s journey', () => {
  it('shows the course by module on the home page, with a skip link and no page-wide live region', async () => {
    await page.goto(`${origin}/`);
    await expect.poll(() => page.locator('[data-module="Distribution basics"] [data-lesson-id]').count()).toBeGreaterThan(1);
    const total = await page.locator(".module [data-lesson-id]:not(.unavailable)").count();
    expect(await page.locator('[data-lesson-id="push-blob"] .step').innerText()).toMatch(new RegExp(`Lesson 1 of ${total}`, 'i'));
    expect(await page.locator('main[aria-live]').count()).toBe(0);
    expect(await page.locator('.skip-link').getAttribute('href')).toBe('#app');
  });

  it('opens a lesson without grabbing the focus, says where it sits in the course, and Run keeps the focus on the button', async () => {
    await page.click('[data-lesson-id="push-blob"] a.button');
    await expect.poll(() => screenText(page), { timeout: 15_000 }).toContain('learner@host-1:~$');
    expect(await page.locator('[data-course-position]').getAttribute('data-course-position')).toMatch(/^1\/\d+$/);
    expect(await focusedIn(page, '.xterm')).toBe(false);
    const run = page.locator('[data-action="run"]').first();
    await run.click();
    await expect.poll(() => screenText(page), { timeout: 10_000 }).toContain('HTTP/1.1 200 OK');
    expect(await focusedIn(page, '[data-action="run"]')).toBe(true);
    await expect.poll(() => page.locator('.traffic-panel .filters .meta').innerText(), { timeout: 10_000 }).toBe('1 exchange');
    // Copy says what happened, then goes back to "Copy".
    const copy = page.locator('[data-code-block]').first().locator('.code-actions button').first();
    await copy.click();
    await expect.poll(() => copy.innerText()).not.toBe('Copy');
    await expect.poll(() => copy.innerText(), { timeout: 5_000 }).toBe('Copy');
  });

  it('lets a keyboard user leave the terminal: Shift+Tab back to the host tab, Esc then Tab on to the panels', async () => {
    await page.click('[data-terminal="host-1"] .xterm');
    expect(await focusedIn(page, '.xterm')).toBe(true);
    await page.keyboard.press('Shift+Tab');
    expect(await focusedIn(page, '[role="tab"][data-host="host-1"]')).toBe(true);
    await page.click('[data-terminal="host-1"] .xterm');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    expect(await focusedIn(page, '[aria-label="Registry inspector"]')).toBe(true);
    // Tab alone stays in the shell (completion).
    await page.click('[data-terminal="host-1"] .xterm');
    await page.keyboard.press('Tab');
    expect(await focusedIn(page, '.xterm')).toBe(true);
  });

  it('types a task\u2019s steps with Show me, visibly, and the task passes', async () => {
    await page.click('[data-task-id="upload"] [data-action="show-me"]');
    await expect.poll(() => screenText(page), { timeout: 10_000 }).toContain('LOCATION=$(curl');
    await expect.poll(() => status(page, 'upload'), { timeout: 15_000 }).toBe('passed');
    expect(await page.locator('[data-task-id="challenge"] [data-action="show-me"]').count()).toBe(0);
    await expect.poll(() => page.locator('[data-task-anchor="upload"]').innerText()).toContain('Task 1');
  });

  it('looks right at 1280×720: the tasks leave room for the text, and commands wrap instead of being cut', async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.waitForTimeout(300);
    const panel = await page.locator('.task-panel').boundingBox();
    expect(panel!.height).toBeLessThan(720 * 0.6);
    const cut = await page.locator('.lesson-text pre').evaluateAll((blocks) => blocks.filter((pre) => pre.scrollWidth > pre.clientWidth + 1).length);
    expect(cut).toBe(0);
    await page.screenshot({ path: 'test-results/journey-lesson-1280x720.png' });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.screenshot({ path: 'test-results/journey-lesson-1440x900.png' });
  });

  it('attaches a second tab to the same session; the first one offers "Use here" and gets it back', async () => {
    const second = await context.newPage();
    second.on('dialog', (dialog) => void dialog.accept());
    await second.goto(`${origin}/lessons/push-blob`);
    await expect.poll(() => screenText(second), { timeout: 15_000 }).toContain('learner@host-1:~$');
    expect((await mySessions(page)).sessions).toHaveLength(1);
    await expect.poll(() => page.locator('[data-terminal="host-1"] [data-takeover]').isVisible(), { timeout: 10_000 }).toBe(true);
    await page.click('[data-terminal="host-1"] [data-action="use-here"]');
    await expect.poll(() => second.locator('[data-terminal="host-1"] [data-takeover]').isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await page.locator('[data-terminal="host-1"] [data-takeover]').isVisible()).toBe(false);
    await typeInTerminal(page, 'echo back-here-$((20+1))');
    await expect.poll(() => screenText(page), { timeout: 10_000 }).toContain('back-here-21');
    await second.close();
  });

  it('continues on another device (another browser with the same learner) in the same session', async () => {
    const device = await browser.newContext({ viewport: { width: 390, height: 844 } });
    await device.addCookies(await context.cookies());
    const phone = await device.newPage();
    phone.on('dialog', (dialog) => void dialog.accept());
    await phone.goto(`${origin}/lessons/push-blob`);
    await expect.poll(() => screenText(phone), { timeout: 15_000 }).toContain('back-here-21');
    expect(await status(phone, 'upload')).toBe('passed');
    // At 390 px the terminal is docked in sight: Run types where the learner can see it.
    const run = phone.locator('[data-action="run"]').first();
    await run.scrollIntoViewIfNeeded();
    await run.click();
    const box = await phone.locator('[data-terminal="host-1"]').boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y + box!.height).toBeLessThanOrEqual(844 + 1);
    await phone.screenshot({ path: 'test-results/journey-lesson-390x844.png' });
    await device.close();
    await page.reload();
    await expect.poll(() => screenText(page), { timeout: 15_000 }).toContain('learner@host-1:~$');
  });

  it('resets only the registry and fixtures, keeping the shell and its variables', async () => {
    await typeInTerminal(page, 'KEEP=kept-$((2+3))');
    await page.click('[data-action="reset-registry"]');
    // The page stays in place while the reset runs: no blank page, no reload.
    expect(await page.locator('.lesson-layout').count()).toBe(1);
    await expect.poll(() => status(page, 'upload'), { timeout: 15_000 }).not.toBe('passed');
    await typeInTerminal(page, 'echo "$KEEP"');
    await expect.poll(() => screenText(page), { timeout: 10_000 }).toContain('kept-5');
  });

  it('adds 30 minutes, then says why it cannot add more', async () => {
    const minutesLeft = async () => Number((await page.locator('[data-session-state]').innerText()).match(/(\d+) min left/)?.[1]);
    // Right after the reset the line may still say "starting".
    await expect.poll(minutesLeft).toBeGreaterThan(0);
    const before = await minutesLeft();
    await page.click('[data-action="extend"]');
    await expect.poll(minutesLeft).toBeGreaterThanOrEqual(before + 29);
    await page.click('[data-action="extend"]');
    await expect.poll(() => page.locator('[data-banner]').innerText()).toContain('could not be extended');
  });

  it('goes through four lessons in one tab with Next lesson: each ends the one before, no 429', async () => {
    for (const task of ['upload', 'download', 'challenge']) await solveOnServer('push-blob', task);
    await page.click('[data-action="check"]');
    await expect.poll(() => page.locator('[data-all-passed]').count(), { timeout: 15_000 }).toBe(1);
    let previous = 'push-blob';
    for (let step = 0; step < 3; step++) {
      await page.click('[data-action="next-lesson"]');
      await page.waitForURL((url) => !url.pathname.endsWith(`/${previous}`), { timeout: 15_000 });
      const lesson = new URL(page.url()).pathname.split('/').pop()!;
      await expect.poll(() => page.locator('[data-terminal]:not([hidden]) .xterm-rows').innerText(), { timeout: 20_000 }).toMatch(/learner@host-\d:~\$/);
      await expect.poll(async () => (await mySessions(page)).sessions.map((session) => session.lesson)).toEqual([lesson]);
      if (step === 2) break;
      for (const task of lab.lessons.taskIds(lesson)) await solveOnServer(lesson, task);
      await page.click('[data-action="check"]');
      await expect.poll(() => page.locator('[data-all-passed]').count(), { timeout: 20_000 }).toBe(1);
      previous = lesson;
    }
  });

  it('asks before ending a lab whose terminal runs a command, then ends it and opens the lesson', async () => {
    const [busy] = (await mySessions(page)).sessions;
    const host = (await page.locator('[role="tab"][data-host]').first().getAttribute('data-host'))!;
    await typeInTerminal(page, 'sleep 300', host);
    await expect.poll(async () => ((await page.evaluate(() => fetch('/api/me/sessions').then((r) => r.json()))) as { sessions: { running: unknown[] }[] }).sessions[0]!.running.length).toBe(1);
    await page.goto(`${origin}/lessons/push-blob`);
    await expect.poll(() => page.locator('[data-interstitial]').innerText(), { timeout: 10_000 }).toContain('sleep on ' + host);
    expect((await mySessions(page)).sessions.map((session) => session.id)).toEqual([busy!.id]);
    await page.click('[data-action="end-others"]');
  });

  it('brings a returning learner back where they left off: the ticks are true of the new registry', async () => {
    await expect.poll(() => screenText(page), { timeout: 20_000 }).toContain('learner@host-1:~$');
    await expect.poll(() => status(page, 'upload'), { timeout: 15_000 }).toBe('passed');
    await expect.poll(() => page.locator('[data-inspector] [data-repository="hello-world"]').count(), { timeout: 10_000 }).toBe(1);
    expect((await mySessions(page)).sessions.map((session) => session.lesson)).toEqual(['push-blob']);
  });

  it('hands a returning learner the terminal at once and says, while it lasts, that their earlier tasks are being brought back', async () => {
    const [current] = (await mySessions(page)).sessions;
    await page.evaluate((id) => fetch(`/api/sessions/${id}`, { method: 'DELETE' }), current!.id);
    const release = holdNextReplay();
    await page.reload();
    await expect.poll(() => screenText(page), { timeout: 20_000 }).toContain('learner@host-1:~$');
    const line = page.locator('[data-restore-progress]');
    await expect.poll(() => line.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await line.innerText()).toMatch(/Bringing back what you did in your earlier session: task 1 of \d/);
    expect(await line.innerText()).toContain('the lab is also working in your registry');
    expect(await status(page, 'upload')).toBe('restoring');
    expect(await page.locator('[data-task-id="upload"] [data-action="show-me"]').count()).toBe(0);
    // The terminal is the learner's meanwhile.
    await typeInTerminal(page, 'echo typed-while-restoring-$((6*7))');
    await expect.poll(() => screenText(page), { timeout: 10_000 }).toContain('typed-while-restoring-42');
    await page.screenshot({ path: 'test-results/journey-restoring-1440x900.png' });
    release();
    await expect.poll(() => status(page, 'upload'), { timeout: 30_000 }).toBe('passed');
    await expect.poll(() => line.isVisible(), { timeout: 10_000 }).toBe(false);
    await expect.poll(() => page.locator('[data-inspector] [data-repository="hello-world"]').count(), { timeout: 10_000 }).toBe(1);
  });

  it('shows the instructor the learner\u2019s terminal live and read-only; a wrong token is said on the form', async () => {
    await typeInTerminal(page, 'echo watched-$((7*6))');
    const admin = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await admin.goto(`${origin}/admin`);
    await admin.fill('#admin-token', 'not-the-token-at-all');
    await admin.click('button[type="submit"]');
    await expect.poll(() => admin.locator('[data-login-error]').innerText()).toContain('not right');
    await admin.waitForTimeout(1800);
    expect(await admin.locator('#admin-token').count()).toBe(1);
    await admin.fill('#admin-token', ADMIN_TOKEN);
    await admin.click('button[type="submit"]');
    await expect.poll(() => admin.locator('.roster th').allInnerTexts()).toContain('Stuck');
    const row = admin.locator('.roster tbody tr').first();
    expect(await row.innerText()).toContain('upload');
    await row.locator('[data-action="watch"]').click();
    await expect.poll(() => admin.locator('[data-watch-terminal] .xterm-rows').innerText(), { timeout: 10_000 }).toContain('watched-42');
    await admin.screenshot({ path: 'test-results/journey-admin-1440x900.png' });
    await admin.close();
  });

  it('keeps saying it lost contact while the server is down, then that it restarted, and a new session picks up the progress', async () => {
    await lab.close();
    await expect.poll(() => page.locator('[data-banner]').innerText(), { timeout: 10_000 }).toContain('Lost contact');
    await page.waitForTimeout(2500);
    expect(await page.locator('[data-banner]').innerText()).toContain('Lost contact');
    expect(await page.locator('[data-session-state]').innerText()).toContain('reconnecting');
    lab = await startLab(config, createLogger('silent'));
    await expect.poll(() => page.locator('[data-banner]').innerText(), { timeout: 15_000 }).toContain('restarted');
    await page.click('[data-banner] [data-action="start-over"]');
    await expect.poll(() => screenText(page), { timeout: 20_000 }).toContain('learner@host-1:~$');
    await expect.poll(() => status(page, 'upload'), { timeout: 15_000 }).toBe('passed');
    expect(await page.locator('[data-banner]').isHidden()).toBe(true);
  });

  it('lists the learner\u2019s labs under My labs, and End ends one', async () => {
    await page.goto(`${origin}/labs`);
    await expect.poll(() => page.locator('[data-lab-lesson="push-blob"]').count(), { timeout: 10_000 }).toBe(1);
    await page.click('[data-lab-lesson="push-blob"] [data-action="end-lab"]');
    await expect.poll(() => page.locator('[data-labs-empty]').count(), { timeout: 10_000 }).toBe(1);
    expect((await mySessions(page)).sessions).toEqual([]);
  });

  it('answers an unknown page with "No such page", and shows the course complete once every lesson is', async () => {
    await page.goto(`${origin}/no/such/page`);
    await expect.poll(() => page.locator('[data-not-found]').count()).toBe(1);
    await page.goto(`${origin}/complete`);
    await expect.poll(() => page.locator('.complete h1').innerText()).toMatch(/lessons complete/);
    const learner = (await context.cookies()).find((cookie) => cookie.name === 'lab_learner')!.value;
    const progress = await openProgressStore({ dataDir: config.dataDir });
    for (const lesson of lab.lessons.catalog().lessons) await progress.recordCheck(learner, 'seeded', lesson.id, lesson.meta.tasks.map((task) => ({ id: task.id, status: 'passed' })));
    await progress.close();
    await page.reload();
    await expect.poll(() => page.locator('[data-course-complete]').count()).toBe(1);
    await page.goto(`${origin}/`);
    await expect.poll(() => page.locator('.intro .where').innerText()).toContain('finished every lesson');
    expect(consoleErrors, consoleErrors.join('\n')).toEqual([]);
  });
});
