/**
 * End-to-end: the Build and Images tabs in Chromium after a real build from the terminal.
 * The seed project's `client` target is built; the Build tab shows the tty view, the stage
 * graph (build-server pruned) and the timeline; the Images tab lists the image with
 * Docker's sizes, its layers, a layer's files and a comparison with the golang builder.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic } from './static-server.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH, buildApp } from './chromium.ts';

const repo = resolve(import.meta.dirname, '../..');
const artifacts = join(repo, 'test-artifacts');

let tmp: string;
let server: Awaited<ReturnType<typeof serveStatic>>;
let context: BrowserContext;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'stageplay-insight-'));
  const out = join(tmp, 'dist');
  await buildApp(out);
  server = await serveStatic(out);
  await mkdir(artifacts, { recursive: true });
  context = await chromium.launchPersistentContext(join(tmp, 'profile'), {
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS],
    headless: true,
    viewport: { width: 1280, height: 720 },
    acceptDownloads: true,
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
}, 180_000);

afterAll(async () => {
  await context?.close();
  await server?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

async function terminalText(): Promise<string> {
  return page.locator('[data-testid="terminal"] .xterm-rows').innerText();
}

async function build(command: string): Promise<void> {
  await page.locator('[data-testid="terminal"] .xterm-helper-textarea').focus();
  await page.keyboard.press('Control+L');
  await page.keyboard.type(command);
  await page.keyboard.press('Enter');
  await expect.poll(terminalText, { timeout: 90_000, interval: 250 }).toMatch(/naming to docker\.io\/library\/buildme:\w+ done|FINISHED|\n\$\s*$/);
}

const graphNode = (stage: string) => page.locator(`[data-testid="stage-graph"] g.node[data-stage="${stage}"]`);

describe('the Build and Images tabs in Chromium', () => {
  it('shows the client build: tty progress, the graph with build-server pruned, the timeline', async () => {
    await page.goto(server.url);
    await expect.poll(() => page.locator('[data-testid="terminal"] .xterm-helper-textarea').count(), { timeout: 15_000 }).toBe(1);
    await page.getByRole('tab', { name: 'Build' }).click();
    await expect.poll(() => page.getByTestId('build-panel').innerText()).toContain('No build yet');
    await build('docker build --tag=buildme --target=client .');
    await page.getByRole('tab', { name: 'Build' }).click();
    await expect.poll(() => page.getByTestId('build-status').innerText(), { timeout: 10_000 }).toContain('done');
    const tty = await page.getByTestId('progress-text').innerText();
    expect(tty).toMatch(/^\[\+\] Building [\d.]+s \(\d+\/\d+\) FINISHED/);
    expect(tty).toMatch(/ => \[build-client 1\/1\] RUN go build -o \/bin\/client \.\/cmd\/client +[\d.]+s/);
    expect(await page.getByTestId('progress-summary').innerText()).toMatch(/^Build finished: (\d+) of \1 steps done/);
    expect(await page.getByTestId('build-panel').innerText()).toContain('modeled');

    expect(await graphNode('build-server').getAttribute('data-state')).toBe('pruned');
    expect(await graphNode('server').getAttribute('data-state')).toBe('pruned');
    for (const s of ['base', 'build-client', 'client']) expect(await graphNode(s).getAttribute('data-state')).toBe('done');
    expect(await graphNode('client').getAttribute('class')).toContain('target');
    expect(await graphNode('build-server').textContent()).toContain('– pruned');

    const bars = page.locator('[data-testid="timeline"] g.step');
    expect(await bars.count()).toBeGreaterThan(8);
    expect(await page.locator('[data-testid="timeline"] g.step[data-stage="build-client"][data-critical="true"]').count()).toBe(1);
    await page.getByTestId('build-panel').screenshot({ path: join(artifacts, 'insight-1-build.png') });

    await page.getByTestId('progress-toggle').click();
    await expect.poll(() => page.getByTestId('progress-text').innerText()).toMatch(/^#1 \[internal\] load build definition from Dockerfile\n/);
    await page.getByRole('radio', { name: 'real' }).check();
    expect(await bars.count()).toBeGreaterThan(8);
    await page.getByRole('radio', { name: 'modeled' }).check();
  }, 150_000);

  it('lists the image with its size, layers and files, and compares it with the golang builder', async () => {
    await build('docker build --tag=buildme:builder --target=build-client .');
    await page.getByRole('tab', { name: 'Images' }).click();
    const table = page.getByTestId('images-table');
    await expect.poll(() => table.innerText(), { timeout: 10_000 }).toContain('builder');
    const text = await table.innerText();
    expect(text).toMatch(/buildme\s+latest\s+[0-9a-f]{12}\s+.*ago\s+[\d.]+MB/);
    const sizes = (await page.getByTestId('image-size').allInnerTexts()).map((s) => parseFloat(s));
    expect(Math.max(...sizes)).toBeGreaterThan(100);
    expect(Math.min(...sizes)).toBeLessThan(20);

    await page.getByRole('button', { name: 'Layers of buildme:latest' }).click();
    const layers = page.getByTestId('image-layers');
    await expect.poll(() => layers.innerText(), { timeout: 10_000 }).toContain('COPY /bin/client /bin/');
    await layers.getByRole('button', { name: /^Files of layer/ }).first().click();
    const explorer = page.getByTestId('layer-explorer');
    await expect.poll(() => explorer.innerText(), { timeout: 10_000 }).toMatch(/\d+ added/);
    expect(await explorer.innerText()).toContain('client');

    const summary = page.getByTestId('compare-summary');
    await expect.poll(() => summary.innerText(), { timeout: 10_000 }).toMatch(/MB\) is [\d.]+MB (larger|smaller) than/);
    await page.getByTestId('images-panel').screenshot({ path: join(artifacts, 'insight-2-images.png') });

    const download = page.waitForEvent('download', { timeout: 30_000 });
    await page.getByRole('button', { name: 'Download buildme:latest' }).click();
    expect((await download).suggestedFilename()).toMatch(/buildme.*\.tar$/);
  }, 150_000);

  it('draws build-client and build-server side by side when a stage needs both', async () => {
    // the guide's chapter 3b: one stage copies both binaries
    await page.locator('[data-testid="editor"] .view-lines').click();
    await page.keyboard.press('Control+End');
    // As one text input, newlines included: no Enter key that a completion list opening late (under
    // full-suite load, after an Escape) could take as "accept" (it once joined `both` and `COPY` on one line).
    await page.keyboard.insertText('\nFROM scratch AS both\nCOPY --from=build-client /bin/client /bin/\nCOPY --from=build-server /bin/server /bin/\n');
    await page.keyboard.press('Escape');
    const editorText = async () => (await page.locator('[data-testid="editor"] .view-lines').innerText()).replace(/\u00a0/g, ' ');
    await expect.poll(editorText, { timeout: 10_000 }).toContain('FROM scratch AS both\nCOPY --from=build-client /bin/client /bin/\nCOPY --from=build-server /bin/server /bin/');
    await page.waitForTimeout(400);
    await build('docker build --no-cache --tag=buildme:both --target=both .');
    await page.getByRole('tab', { name: 'Build' }).click();
    const status = () => page.getByTestId('build-status').innerText();
    await expect.poll(status, { timeout: 60_000 }).toMatch(/done|failed|canceled/);
    // A failed build shows its error, the panel's error line and the Dockerfile as the editor holds it (it once failed under full-suite load).
    const why = async () =>
      [
        `terminal:\n${(await terminalText()).slice(-1500)}`,
        `panel:\n${await page.getByTestId('build-panel').innerText()}`.slice(0, 1500),
        `editor:\n${await page.locator('[data-testid="editor"] .view-lines').innerText()}`,
      ].join('\n');
    expect(await status(), await why()).toContain('done');
    expect(await graphNode('both').getAttribute('class')).toContain('target');
    expect(await graphNode('build-server').getAttribute('data-state')).toBe('done');
    expect(await graphNode('server').getAttribute('data-state')).toBe('pruned');
    const box = async (stage: string) => (await page.locator(`[data-testid="timeline"] g.step[data-stage="${stage}"] rect`).boundingBox())!;
    const client = await box('build-client');
    const server = await box('build-server');
    // they overlap in time (x) and sit on different lanes (y)
    expect(client.x).toBeLessThan(server.x + server.width);
    expect(server.x).toBeLessThan(client.x + client.width);
    expect(client.y).not.toBe(server.y);
    expect(Math.min(client.width, server.width)).toBeGreaterThan(100);
    await page.getByTestId('timeline').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artifacts, 'insight-3-timeline.png') });
  }, 150_000);

  it('is readable in the dark theme and without page errors', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.getByRole('tab', { name: 'Build' }).click();
    await page.waitForTimeout(200);
    await page.screenshot({ path: join(artifacts, 'insight-4-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });
    expect(problems).toEqual([]);
  });
});
