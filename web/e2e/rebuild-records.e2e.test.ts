/**
 * End-to-end in Chromium: what a learner sees when building again. A fully cached rebuild
 * is the same image (one row in the Images tab, the same ID); images left `<none>` by
 * rebuilt tags are all listed; "Check my work" gives the same verdict after a reload (the
 * build records are read back from IndexedDB); Enter in Monaco starts a new line even with
 * a suggestion open.
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
  tmp = await mkdtemp(join(tmpdir(), 'stageplay-rebuild-'));
  const out = join(tmp, 'dist');
  await buildApp(out);
  server = await serveStatic(out);
  await mkdir(artifacts, { recursive: true });
  context = await chromium.launchPersistentContext(join(tmp, 'profile'), {
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS],
    headless: true,
    viewport: { width: 1440, height: 900 },
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

const terminalText = () => page.locator('[data-testid="terminal"] .xterm-rows').innerText();
const pane = () => page.getByTestId('lesson-pane');

/** Type a command into the terminal and wait for the prompt to come back. */
async function typeCommand(command: string, timeout = 90_000): Promise<string> {
  await page.locator('[data-testid="terminal"] .xterm-helper-textarea').focus();
  await page.keyboard.press('Control+L');
  await page.keyboard.type(command);
  await page.keyboard.press('Enter');
  await expect.poll(async () => /\n\$[\s\u00a0]*$/.test(await terminalText()), { timeout, message: `prompt after ${command}` }).toBe(true);
  return terminalText();
}

/** The Images tab's rows as [repository, tag, image ID]. */
async function imageRows(): Promise<string[][]> {
  await page.getByRole('tab', { name: 'Images' }).click();
  await expect.poll(() => page.getByTestId('images-table').count(), { timeout: 10_000 }).toBe(1);
  const rows = page.getByTestId('image-row');
  return Promise.all((await rows.all()).map(async (r) => (await r.locator('td').allInnerTexts()).slice(0, 3).map((t) => t.trim())));
}

async function openStep(link: string, title: string): Promise<void> {
  await page.getByRole('tab', { name: 'Lesson' }).click();
  await page.evaluate((h) => (location.hash = h), `#/lesson/${link}`);
  await expect.poll(() => pane().getByRole('article').getAttribute('aria-label'), { timeout: 15_000 }).toBe(`Step: ${title}`);
}

describe('building again, reloading, typing in Chromium', () => {
  it('a fully cached rebuild of the same inputs is one image row with the same ID', async () => {
    await page.goto(server.url);
    await expect.poll(() => page.locator('[data-testid="terminal"] .xterm-helper-textarea').count(), { timeout: 15_000 }).toBe(1);
    await typeCommand('docker build --tag=buildme --target=client .');
    const first = await imageRows();
    expect(first).toHaveLength(1);
    expect(first[0]!.slice(0, 2)).toEqual(['buildme', 'latest']);
    const again = await typeCommand('docker build --progress=plain --tag=buildme --target=client .');
    expect(again).toMatch(/#\d+ CACHED/);
    await expect.poll(imageRows).toEqual(first);
    await page.getByTestId('images-panel').screenshot({ path: join(artifacts, 'rebuild-1-one-row.png') });
  }, 200_000);

  it('lists every image a rebuilt tag left <none>', async () => {
    const [[, , original]] = (await imageRows()) as [string[]];
    for (let n = 1; n <= 4; n++) await typeCommand(`docker build --tag=buildme --target=client --build-arg SOURCE_DATE_EPOCH=${1_700_000_000 + n} .`);
    const rows = await imageRows();
    expect(rows).toHaveLength(5);
    const dangling = rows.filter((r) => r[0] === '<none>' && r[1] === '<none>');
    expect(dangling).toHaveLength(4);
    expect(new Set(rows.map((r) => r[2])).size).toBe(5);
    expect(dangling.map((r) => r[2])).toContain(original);
    // a dangling row opens its layers by ID
    await page.getByRole('button', { name: `Layers of ${original}` }).click();
    await expect.poll(() => page.getByTestId('image-layers').innerText(), { timeout: 10_000 }).toContain('COPY');
    await page.getByTestId('images-panel').screenshot({ path: join(artifacts, 'rebuild-2-dangling.png') });
    const terminal = await typeCommand('docker images');
    expect(terminal.match(/<none> +<none>/g)).toHaveLength(4);
  }, 300_000);

  it('Check my work gives the same verdict after a reload', async () => {
    await openStep('03-multi-stage/targets', 'One image per program');
    await pane().getByTestId('show-solution').click();
    const apply = pane().getByTestId('apply-solution');
    if ((await apply.count()) > 0) await apply.click();
    await pane().getByTestId('show-solution').click();
    await typeCommand('docker build --tag=buildme-client --target=client .');
    await typeCommand('docker build --tag=buildme-server --target=server .');
    await pane().getByTestId('check-work').click();
    const result = pane().getByTestId('check-result');
    await expect.poll(() => result.getAttribute('data-ok')).toBe('true');
    const before = await result.innerText();
    expect(before).toMatch(/^Passed\./);

    await page.reload();
    await openStep('03-multi-stage/targets', 'One image per program');
    await pane().getByTestId('check-work').click();
    await expect.poll(() => pane().getByTestId('check-result').getAttribute('data-ok'), { timeout: 10_000 }).toBe('true');
    expect(await pane().getByTestId('check-result').innerText()).toBe(before);
    await page.screenshot({ path: join(artifacts, 'rebuild-3-check-after-reload.png') });
  }, 300_000);

  it('Enter in Monaco starts a new line, also with a word suggestion open', async () => {
    if (!page.url().startsWith(server.url)) await page.goto(server.url);
    const files = page.getByRole('navigation', { name: 'Workspace files' });
    const viewLines = page.locator('[data-testid="editor"] .view-lines');
    const lines = async () => (await viewLines.innerText()).replace(/\u00a0/g, ' ').split('\n');

    // the Dockerfile: the line the issue names, then Enter, then the next instruction
    await files.getByRole('button', { name: 'Dockerfile', exact: true }).click();
    await expect.poll(lines, { timeout: 15_000 }).toContain('FROM golang:1.20-alpine AS base');
    await viewLines.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('RUN go build -o /bin/client ./cmd/client');
    await page.keyboard.press('Enter');
    await page.keyboard.type('COPY x y');
    await expect.poll(lines).toContain('COPY x y');
    const text = await lines();
    const at = text.lastIndexOf('RUN go build -o /bin/client ./cmd/client');
    expect(at, text.join('\n')).toBeGreaterThan(0);
    expect(text[at + 1]).toBe('COPY x y');
    await page.keyboard.press('Control+Z');
    await page.keyboard.press('Control+Z');

    // a Go file, where word suggestions are on: a word of the file with its list open, then Enter
    await files.getByRole('button', { name: 'main.go', exact: true }).first().click();
    await expect.poll(lines, { timeout: 10_000 }).toContain('package main');
    await viewLines.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('var again = serverU');
    await page.keyboard.press('Control+Space');
    const widget = page.locator('[data-testid="editor"] .suggest-widget.visible');
    await expect.poll(() => widget.locator('.monaco-list-row').allInnerTexts(), { timeout: 10_000 }).toContain('serverURL');
    await page.screenshot({ path: join(artifacts, 'rebuild-4-suggest.png') });
    await page.keyboard.press('Enter');
    await page.keyboard.type('x');
    await expect.poll(async () => (await lines()).at(-1)).toBe('x');
    const go = await lines();
    expect(go.slice(-2)).toEqual(['var again = serverU', 'x']);
    for (let i = 0; i < 4; i++) await page.keyboard.press('Control+Z');
  }, 120_000);

  it('raised no page errors (no each_key_duplicate)', () => {
    expect(problems).toEqual([]);
  });
});
