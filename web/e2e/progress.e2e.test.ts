/**
 * End-to-end: lesson progress lives in IndexedDB (`stageplay-progress`), beside the
 * workspace and the build records. The step a learner is on survives a reload; progress an
 * earlier version kept in localStorage is moved over and is not lost. Passing the last step
 * left ends the course with a completion note.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LESSONS } from '../../lessons/index.ts';
import { openApp, type OpenApp } from './chromium.ts';

let app: OpenApp;

beforeAll(async () => {
  app = await openApp();
}, 180_000);

afterAll(async () => {
  await app?.close();
});

const stepTitle = (page: Page) => page.getByTestId('lesson-pane').getByRole('article').getAttribute('aria-label');

/** What the progress database holds, read in the page. */
const stored = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<string | null>((resolve, reject) => {
        const open = indexedDB.open('stageplay-progress');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('progress').objectStore('progress').get('lessons');
          get.onsuccess = () => resolve((get.result as string | undefined) ?? null);
          get.onerror = () => reject(get.error);
        };
      }),
  );

describe('lesson progress in Chromium', () => {
  it('keeps the step a learner is on across a reload, in IndexedDB', async () => {
    const context = await app.browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${app.url}#/lesson/04-mounts/cache-mount`);
    await expect.poll(() => stepTitle(page), { timeout: 20_000 }).toMatch(/^Step: /);
    const title = await stepTitle(page);
    await expect.poll(() => stored(page), { timeout: 10_000 }).toContain('"current":"04-mounts/cache-mount"');
    expect(await page.evaluate(() => localStorage.getItem('stageplay.lessons.progress.v1'))).toBeNull();
    // a reload with no step in the address opens the step the learner was on
    await page.goto(app.url);
    await expect.poll(() => stepTitle(page), { timeout: 20_000 }).toBe(title);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('moves progress an earlier version kept in localStorage', async () => {
    const context = await app.browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(app.url);
    await expect.poll(() => stepTitle(page), { timeout: 20_000 }).toMatch(/^Step: /);
    const old = JSON.stringify({ current: '03-multi-stage/targets', passed: ['01-introduction/single-stage', '03-multi-stage/scratch'], keepOnReset: false });
    // an earlier version's page: its progress in localStorage, no progress database yet
    await page.evaluate((text) => {
      localStorage.setItem('stageplay.lessons.progress.v1', text);
      return new Promise<void>((resolve) => {
        const del = indexedDB.deleteDatabase('stageplay-progress');
        del.onsuccess = () => resolve();
        del.onerror = () => resolve();
        del.onblocked = () => resolve();
      });
    }, old);
    await page.goto(`${app.url}?moved`);
    await expect.poll(() => stepTitle(page), { timeout: 20_000 }).toBe('Step: One image per program');
    await expect.poll(() => page.getByTestId('lesson-pane').locator('summary').innerText()).toMatch(/^Lessons: 2 of \d+ steps done/);
    await expect.poll(() => stored(page), { timeout: 10_000 }).toContain('"passed":["01-introduction/single-stage","03-multi-stage/scratch"]');
    await expect.poll(() => page.evaluate(() => localStorage.getItem('stageplay.lessons.progress.v1'))).toBeNull();
    await context.close();
  }, 120_000);

  it('passing the last step left (its command run with the Run button) says the course is complete', async () => {
    const context = await app.browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(app.url);
    await expect.poll(() => stepTitle(page), { timeout: 20_000 }).toMatch(/^Step: /);
    const links = LESSONS.flatMap((l) => l.steps.map((st) => `${l.id}/${st.id}`));
    const first = '01-introduction/single-stage';
    // every other step passed before (an earlier version's progress, moved over on load)
    await page.evaluate((text) => {
      localStorage.setItem('stageplay.lessons.progress.v1', text);
      return new Promise<void>((resolve) => {
        const del = indexedDB.deleteDatabase('stageplay-progress');
        del.onsuccess = del.onerror = del.onblocked = () => resolve();
      });
    }, JSON.stringify({ current: first, passed: links.filter((l) => l !== first), keepOnReset: false }));
    await page.goto(`${app.url}?last#/lesson/${first}`);
    const pane = page.getByTestId('lesson-pane');
    await expect.poll(() => pane.locator('summary').innerText(), { timeout: 20_000 }).toBe(`Lessons: ${links.length - 1} of ${links.length} steps done`);
    expect(await pane.getByTestId('course-complete').count()).toBe(0);
    // the step's Dockerfile, through the pane's solution
    await pane.getByTestId('show-solution').click();
    const apply = pane.getByTestId('apply-solution');
    if ((await apply.count()) > 0) await apply.click();
    await expect.poll(() => pane.getByTestId('solution').innerText()).toContain('already matches the solution');
    await pane.getByTestId('show-solution').click();
    // the step's first command, run with its Run button (typed into the terminal as a learner would)
    await pane.getByRole('button', { name: 'Run docker build --tag=buildme . in the terminal' }).click();
    await expect.poll(() => page.locator('[data-testid="terminal"] .xterm-rows').innerText(), { timeout: 120_000 }).toMatch(/naming to docker\.io\/library\/buildme:latest[\s\S]*\$\s*$/);
    // the server in the background, then the client asks it (the step's check reads that exec)
    for (const line of ['docker run --name=buildme --rm --detach buildme', 'docker exec -it buildme /bin/client']) {
      await pane.getByRole('button', { name: `Run ${line} in the terminal` }).click();
      await expect.poll(() => page.locator('[data-testid="terminal"] .xterm-rows').innerText(), { timeout: 60_000 }).toMatch(new RegExp(`${line.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')}[\\s\\S]*\\n\\$\\s*$`));
    }
    expect(await page.locator('[data-testid="terminal"] .xterm-rows').innerText()).toContain('Hello, stranger!');
    await pane.getByTestId('check-work').click();
    await expect.poll(() => pane.getByTestId('check-result').getAttribute('data-ok'), { timeout: 30_000 }).toBe('true');
    expect(await pane.getByTestId('course-complete').innerText()).toContain(`Course complete: all ${links.length} steps passed.`);
    await page.screenshot({ path: `${app.artifacts}/progress-course-complete.png` });
    await context.close();
  }, 240_000);

  it('on a phone, Run shows the terminal with the command typed at its prompt', async () => {
    const context = await app.browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${app.url}#/lesson/03-multi-stage/targets`);
    await expect.poll(() => stepTitle(page), { timeout: 20_000 }).toBe('Step: One image per program');
    await page.getByTestId('lesson-pane').getByRole('button', { name: 'Run docker images "buildme*" in the terminal' }).click();
    await expect.poll(() => page.getByRole('tab', { name: 'Terminal' }).getAttribute('aria-selected')).toBe('true');
    // the phone's terminal is narrow: the header wraps, so its rows are read joined
    await expect.poll(async () => (await page.locator('[data-testid="terminal"] .xterm-rows').innerText()).replace(/\n/g, ''), { timeout: 30_000 }).toMatch(/\$ docker images "buildme\*"REPOSITORY +TAG +IMAGE ID +CREATED +SIZ/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.screenshot({ path: `${app.artifacts}/progress-run-on-phone.png` });
    await context.close();
  }, 120_000);
});

