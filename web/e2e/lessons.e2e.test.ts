/**
 * End-to-end: the lesson runner in Debian's Chromium (playwright-core), on the built app.
 * Walks the Multi-stage lesson (and the single-stage build before it) by applying each
 * solution through the pane and typing each step's commands into the terminal, asserting
 * "check my work" passes; then one step of every other lesson; then deep links, saved
 * progress, and the offline cache (service worker) in a fresh profile.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LESSONS } from '../../lessons/index.ts';
import { serveStatic } from './static-server.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH, buildApp } from './chromium.ts';

const repo = resolve(import.meta.dirname, '../..');
const artifacts = join(repo, 'test-artifacts');

let tmp: string;
let server: Awaited<ReturnType<typeof serveStatic>>;
const contexts: BrowserContext[] = [];
let page: Page;
const pageErrors: string[] = [];

async function openProfile(name: string): Promise<Page> {
  const context = await chromium.launchPersistentContext(join(tmp, name), { executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS], headless: true, viewport: { width: 1400, height: 860 } });
  contexts.push(context);
  const p = context.pages()[0] ?? (await context.newPage());
  p.on('pageerror', (e) => pageErrors.push(`${name}: ${e.message}`));
  return p;
}

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'stageplay-lessons-e2e-'));
  const out = join(tmp, 'dist');
  await buildApp(out);
  server = await serveStatic(out);
  await mkdir(artifacts, { recursive: true });
  page = await openProfile('walk');
}, 180_000);

afterAll(async () => {
  for (const c of contexts) await c.close();
  await server?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

const pane = () => page.getByTestId('lesson-pane');
const terminalText = () => page.locator('[data-testid="terminal"] .xterm-rows').innerText();

const prompted = (text: string) => /\n\$[\s\u00a0]*$/.test(text);

/**
 * Type a command into the terminal and wait for the prompt to come back. A server run in
 * the foreground serves until Ctrl+C, as the lesson says: once it listens, press it.
 */
async function typeCommand(command: string, timeout = 90_000): Promise<string> {
  await page.locator('[data-testid="terminal"] .xterm-helper-textarea').focus();
  await page.keyboard.press('Control+L');
  await page.keyboard.type(command);
  await page.keyboard.press('Enter');
  if (/^docker run\b/.test(command) && !/\s(-d|--detach)\b/.test(command)) {
    await expect.poll(async () => { const t = await terminalText(); return prompted(t) || t.includes('Listening on HTTP port'); }, { timeout, message: `output of ${command}` }).toBe(true);
    if (!prompted(await terminalText())) await page.keyboard.press('Control+C');
  }
  await expect.poll(async () => prompted(await terminalText()), { timeout, message: `prompt after ${command}` }).toBe(true);
  return terminalText();
}

let edits = 0;
let builds = 0;
/** Change the build context (a new file in the workspace, through the file tree), so the next build is not all cached. */
async function editContext(): Promise<void> {
  const files = page.getByRole('navigation', { name: 'Workspace files' });
  await files.getByRole('button', { name: 'New file' }).click();
  await page.getByLabel('New file path').fill(`notes/edit-${++edits}.txt`);
  await page.keyboard.press('Enter');
  await expect.poll(() => files.getByRole('button', { name: `edit-${edits}.txt`, exact: true }).count()).toBe(1);
}

/** Open a step through its deep link. */
async function openStep(link: string): Promise<void> {
  await page.evaluate((h) => (location.hash = h), `#/lesson/${link}`);
  const [lessonId, stepId] = link.split('/');
  const step = LESSONS.find((l) => l.id === lessonId)!.steps.find((s) => s.id === stepId)!;
  await expect.poll(() => pane().getByRole('article').getAttribute('aria-label')).toBe(`Step: ${step.title}`);
}

/** Show the solution's diff and apply it through the pane; afterwards the diff shows no change. */
async function applySolution(): Promise<void> {
  await pane().getByTestId('show-solution').click();
  const apply = pane().getByTestId('apply-solution');
  if ((await apply.count()) > 0) {
    await expect.poll(() => pane().getByTestId('solution').locator('.line.add, .line.del').count()).toBeGreaterThan(0);
    await apply.click();
  }
  await expect.poll(() => pane().getByTestId('solution').innerText()).toContain('already matches the solution');
  await pane().getByTestId('show-solution').click();
}

/** Walk one step: apply, type every command (changing the context between builds), check. */
async function walkStep(link: string): Promise<void> {
  await openStep(link);
  await applySolution();
  const [lessonId, stepId] = link.split('/');
  const step = LESSONS.find((l) => l.id === lessonId)!.steps.find((s) => s.id === stepId)!;
  for (const command of step.commands) {
    // like a learner who edits code between builds (the lesson hints say so when all is CACHED)
    if (command.startsWith('docker build') && !command.includes('--call=') && builds++ > 0) await editContext();
    await typeCommand(command);
  }
  await pane().getByTestId('check-work').click();
  const result = pane().getByTestId('check-result');
  await expect.poll(() => result.getAttribute('data-ok')).not.toBeNull();
  const text = await result.innerText();
  await page.screenshot({ path: join(artifacts, `lessons-${lessonId}-${stepId}.png`) });
  expect(text, `${link}: ${text}`).toMatch(/^Passed\./);
  await expect.poll(() => pane().getByTestId('step-list').locator('li[data-status="current, done"]').innerText()).toContain(step.title);
}

describe('lessons in Chromium', () => {
  it('opens on the Lesson tab with the first step, labels the simulation, and follows deep links', async () => {
    await page.goto(server.url);
    await expect.poll(() => pane().isVisible(), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => page.getByRole('tab', { name: 'Lesson' }).getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/lesson/01-introduction/single-stage');
    expect(await pane().getByTestId('step-list').innerText()).toContain('(current)');
    expect(await pane().getByTestId('simulated-note').innerText()).toMatch(/Go toolchain.*step durations.*simulated|simulated/i);
    await pane().getByTestId('next-step').click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/lesson/02-layers/cache-order');
    await openStep('03-multi-stage/targets');
    // prose renders as elements: the fenced Dockerfile is a <pre>, never HTML from text
    expect(await pane().locator('article pre.code').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(artifacts, 'lessons-0-open.png') });
  });

  it('walks the single-stage build and the Layers lesson', async () => {
    await walkStep('01-introduction/single-stage');
    await walkStep('02-layers/cache-order');
  }, 300_000);

  it('walks the Multi-stage lesson end to end, with the guide\'s sizes beside the learner\'s', async () => {
    for (const step of LESSONS.find((l) => l.id === '03-multi-stage')!.steps) {
      await walkStep(`03-multi-stage/${step.id}`);
      if (step.id === 'scratch' || step.id === 'targets') {
        const mine = await pane().getByTestId('learner-output').innerText();
        for (const line of mine.split('\n').slice(1)) {
          const [, mb] = /([\d.]+)MB$/.exec(line.trim()) ?? [];
          expect(Number(mb), line).toBeLessThan(step.id === 'scratch' ? 15 : 8);
        }
      }
    }
  }, 400_000);

  it('keeps progress across a reload and opens a deep link to a step', async () => {
    await page.waitForTimeout(200);
    await page.goto(`${server.url}#/lesson/03-multi-stage/scratch`);
    await expect.poll(() => pane().getByRole('article').getAttribute('aria-label'), { timeout: 15_000 }).toBe('Step: Ship only the binaries');
    const list = await pane().getByTestId('step-list').innerText();
    expect(list).toMatch(/Ship only the binaries\s*\(current, done\)/);
    expect(list).toMatch(/Build client and server side by side\s*\(done\)/);
    expect(list).toMatch(/One image per program\s*\(done\)/);
  });

  // one step of every other lesson (01 and 02 are walked above), each with its own time budget
  for (const link of ['04-mounts/cache-mount', '05-build-arguments/app-version', '06-export-binaries/output-server', '07-test/lint', '08-multi-platform/arm-server', '09-what-you-built/recap']) {
    it(`walks ${link}`, async () => {
      if (link === '09-what-you-built/recap') {
        // the images the recap looks for, built again: the reload above emptied this session's records
        await openStep('03-multi-stage/targets');
        await applySolution();
        for (const c of LESSONS.find((l) => l.id === '03-multi-stage')!.steps[2]!.commands) await typeCommand(c);
      }
      await walkStep(link);
    }, 300_000);
  }

  it('forgets progress on a workspace reset unless the learner chose to keep it', async () => {
    const summary = () => pane().locator('summary').innerText();
    const done = Number(/(\d+) of/.exec(await summary())![1]);
    expect(done).toBeGreaterThanOrEqual(10);
    const reset = async () => {
      await page.getByRole('button', { name: 'Reset workspace' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Reset' }).click();
    };
    await pane().getByLabel('Keep my lesson progress when I reset the workspace').check();
    await reset();
    await page.waitForTimeout(300);
    expect(await summary()).toContain(`${done} of`);
    await pane().getByLabel('Keep my lesson progress when I reset the workspace').uncheck();
    await reset();
    await expect.poll(summary).toMatch(/^Lessons: 0 of \d+ steps done/);
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/lesson/01-introduction/single-stage');
  });

  it('renders the app and a lesson step offline after one visit (service worker)', async () => {
    const fresh = await openProfile('offline');
    await fresh.goto(`${server.url}#/lesson/03-multi-stage/parallel`);
    const cached = () =>
      fresh.evaluate(async () => {
        await navigator.serviceWorker.ready;
        const names = await caches.keys();
        const urls = await Promise.all(names.map(async (n) => (await (await caches.open(n)).keys()).map((r) => r.url)));
        return urls.flat().join('\n');
      });
    const chunks = ['index-', 'monaco-', 'docker-runtime-', 'editor.worker-', 'codicon-'];
    // the app shell, Monaco (and its worker and font) and the engine's lazy chunk, none of which this visit ran a command for
    await expect.poll(async () => { const urls = await cached(); return chunks.filter((c) => !urls.includes(`/assets/${c}`)); }, { timeout: 30_000 }).toEqual([]);
    await fresh.context().setOffline(true);
    await fresh.reload();
    await expect.poll(() => fresh.getByTestId('lesson-pane').getByRole('article').getAttribute('aria-label'), { timeout: 15_000 }).toBe('Step: Build client and server side by side');
    await expect.poll(() => fresh.locator('[data-testid="editor"] .view-lines').innerText(), { timeout: 15_000 }).toContain('FROM');
    // the engine's lazy chunk comes from the cache too: the terminal checks the Dockerfile offline
    await fresh.locator('[data-testid="terminal"] .xterm-helper-textarea').focus();
    await fresh.keyboard.type('docker build --check .');
    await fresh.keyboard.press('Enter');
    await expect.poll(() => fresh.locator('[data-testid="terminal"] .xterm-rows').innerText(), { timeout: 30_000 }).toContain('Check complete');
    await fresh.screenshot({ path: join(artifacts, 'lessons-offline.png') });
    await fresh.context().setOffline(false);
  }, 120_000);

  it('raised no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
