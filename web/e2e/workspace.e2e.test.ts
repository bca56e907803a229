/**
 * End-to-end: the workspace in Debian's Chromium (playwright-core) against the built app:
 * upload (zip and folder) with its preview, the keyboard tree, share links opened in a
 * fresh profile, the Dockerfile language service in Monaco, and no CSP violations.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic } from './static-server.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH, buildApp } from './chromium.ts';

const repo = resolve(import.meta.dirname, '../..');
const artifacts = join(repo, 'test-artifacts');

let tmp: string;
let server: Awaited<ReturnType<typeof serveStatic>>;
let browser: Browser;
const problems: string[] = [];

/** A fresh profile (its own IndexedDB) with CSP violations and page errors recorded. */
async function freshPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy|CSP violation/i.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  return { context, page };
}

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'stageplay-ws-e2e-'));
  const out = join(tmp, 'dist');
  await buildApp(out);
  server = await serveStatic(out);
  await mkdir(artifacts, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS], headless: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

const tree = (page: Page) => page.getByTestId('file-tree');
const row = (page: Page, name: string) => tree(page).getByRole('treeitem', { name, exact: true });
const editorText = async (page: Page) => (await page.locator('[data-testid="editor"] .view-lines').innerText()).replace(/\u00a0/g, ' ');

async function openApp(page: Page, url = server.url): Promise<void> {
  await page.goto(url);
  await expect.poll(() => row(page, 'Dockerfile').count(), { timeout: 10_000 }).toBe(1);
  await expect.poll(() => editorText(page), { timeout: 15_000 }).toContain('FROM');
}

describe('the workspace in Chromium', () => {
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    ({ context, page } = await freshPage());
    await page.goto(server.url);
    await page.locator('[role="treeitem"][data-row="Dockerfile"]').waitFor({ timeout: 10_000 });
    await page.locator('[data-testid="editor"] .view-lines').waitFor({ timeout: 15_000 });
  }, 60_000);
  afterAll(() => context.close());

  it('uploads a zip after showing what it adds and replaces', async () => {
    const zip = zipSync({ 'project/': {}, 'project/Dockerfile': strToU8('FROM alpine AS uploaded\n'), 'project/notes/readme.md': strToU8('# uploaded\n') });
    await page.getByTestId('upload-zip-input').setInputFiles({ name: 'project.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) });
    const dialog = page.getByTestId('import-preview');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.locator('[data-group="added"] li').allInnerTexts()).toEqual(['notes/readme.md']);
    expect(await dialog.locator('[data-group="replaced"] li').allInnerTexts()).toEqual(['Dockerfile']);
    await page.screenshot({ path: join(artifacts, 'e2e-ws-1-zip-preview.png') });
    // nothing is written before the answer
    expect(await row(page, 'readme.md').count()).toBe(0);
    await dialog.getByRole('button', { name: 'Add files' }).click();
    await expect.poll(() => row(page, 'readme.md').count()).toBe(1);
    await expect.poll(() => editorText(page)).toContain('FROM alpine AS uploaded');
    expect(await row(page, 'go.mod').count()).toBe(1);
    await expect.poll(() => page.getByTestId('workspace-message').innerText()).toContain('Imported 2 files.');
  });

  it('refuses a zip that writes outside the workspace and changes nothing', async () => {
    const zip = zipSync({ '../escape.txt': strToU8('x') });
    await page.getByTestId('upload-zip-input').setInputFiles({ name: 'evil.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) });
    await expect.poll(() => page.getByRole('alert').allInnerTexts().then((t) => t.join('\n')), { timeout: 10_000 }).toContain('Upload refused: "../escape.txt": ".." would write outside the workspace. Nothing was changed.');
    expect(await page.getByTestId('import-preview').isVisible()).toBe(false);
  });

  it('keeps the newest message when an earlier upload finishes storing after it', async () => {
    const fresh = await freshPage();
    try {
      const p = fresh.page;
      await openApp(p, `${server.url}?test`);
      // Hold the workspace's IndexedDB store with a busy readwrite transaction: the import's
      // files show at once, but storing them (and so its "Imported" outcome) waits.
      await p.evaluate(
        () =>
          new Promise<void>((ready, fail) => {
            const open = indexedDB.open('stageplay-files');
            open.onerror = () => fail(open.error);
            open.onsuccess = () => {
              const db = open.result;
              const store = db.transaction('files', 'readwrite').objectStore('files');
              const w = window as unknown as { releaseStore?: boolean };
              w.releaseStore = false;
              const spin = () => {
                if (!w.releaseStore) store.get('Dockerfile').onsuccess = spin;
              };
              spin();
              ready();
            };
          }),
      );
      const zip = zipSync({ 'project/later.txt': strToU8('stored later\n') });
      await p.getByTestId('upload-zip-input').setInputFiles({ name: 'later.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) });
      await p.getByTestId('import-preview').getByRole('button', { name: 'Add files' }).click();
      await expect.poll(() => row(p, 'later.txt').count()).toBe(1);
      const evil = zipSync({ '../escape.txt': strToU8('x') });
      await p.getByTestId('upload-zip-input').setInputFiles({ name: 'evil.zip', mimeType: 'application/zip', buffer: Buffer.from(evil) });
      const refused = 'Upload refused: "../escape.txt": ".." would write outside the workspace. Nothing was changed.';
      await expect.poll(() => p.getByTestId('workspace-message').innerText(), { timeout: 10_000 }).toContain(refused);
      // let the first import's files be stored, and wait until they are
      await p.evaluate(async () => {
        const w = window as unknown as { releaseStore: boolean; __stageplay: { workspace: { flush(): Promise<void> } } };
        w.releaseStore = true;
        await w.__stageplay.workspace.flush();
      });
      expect(await p.getByTestId('workspace-message').innerText()).toContain(refused);
      expect(await p.getByTestId('workspace-message').getAttribute('role')).toBe('alert');
    } finally {
      await fresh.context.close();
    }
  });

  it('uploads a folder, dropping the folder name', async () => {
    const dir = join(tmp, 'myproject');
    await mkdir(join(dir, 'cmd/tool'), { recursive: true });
    await writeFile(join(dir, 'cmd/tool/main.go'), 'package main\n');
    await page.getByTestId('upload-folder-input').setInputFiles(dir);
    const dialog = page.getByTestId('import-preview');
    await expect.poll(() => dialog.locator('[data-group="added"] li').allInnerTexts()).toEqual(['cmd/tool/main.go']);
    await dialog.getByRole('button', { name: 'Add files' }).click();
    await expect.poll(() => row(page, 'tool folder').count()).toBe(1);
  });

  it('creates, renames and deletes a file with the keyboard in the tree', async () => {
    await page.getByRole('button', { name: 'New file' }).click();
    await page.getByLabel('New file path').fill('a-new.txt');
    await page.keyboard.press('Enter');
    await expect.poll(() => row(page, 'a-new.txt').getAttribute('aria-selected')).toBe('true');
    // one tab stop: focus the tree, walk it with the arrow keys
    await row(page, 'a-new.txt').focus();
    await page.keyboard.press('Home');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('cmd folder');
    await page.keyboard.press('ArrowLeft'); // collapse cmd
    await expect.poll(() => row(page, 'cmd folder').getAttribute('aria-expanded')).toBe('false');
    await page.keyboard.press('ArrowRight'); // expand it again
    await page.keyboard.press('ArrowRight'); // step into it
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-level'))).toBe('2');
    await row(page, 'a-new.txt').focus();
    await page.keyboard.press('F2');
    await page.getByLabel('New path for a-new.txt').fill('renamed.txt');
    await page.keyboard.press('Enter');
    await expect.poll(() => row(page, 'renamed.txt').count()).toBe(1);
    expect(await row(page, 'a-new.txt').count()).toBe(0);
    await row(page, 'renamed.txt').focus();
    await page.keyboard.press('Delete');
    await page.getByRole('dialog', { name: 'Delete file?' }).getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => row(page, 'renamed.txt').count()).toBe(0);
    await page.screenshot({ path: join(artifacts, 'e2e-ws-2-tree.png') });
  });

  it('completes and documents Dockerfile instructions (dockerfile-language-service)', async () => {
    await row(page, 'Dockerfile').click();
    await page.locator('[data-testid="editor"] .view-lines').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('WORKD');
    await page.keyboard.press('Control+Space');
    const suggest = page.locator('.suggest-widget');
    await expect.poll(() => suggest.innerText().catch(() => ''), { timeout: 5_000 }).toContain('WORKDIR');
    await page.screenshot({ path: join(artifacts, 'e2e-ws-3-completion.png') });
    await page.keyboard.press('Escape');
    await page.keyboard.type('IR /src');
    // hover from the keyboard (Ctrl+K Ctrl+I) on WORKDIR
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    await expect.poll(() => page.locator('.monaco-hover').allInnerTexts().then((t) => t.join('\n')), { timeout: 5_000 }).toContain('Set the working directory for any subsequent');
  });

  it('shares the workspace and the lesson step; a fresh profile previews the link, then loads it at that step', async () => {
    await page.getByRole('button', { name: 'New file' }).click();
    await page.getByLabel('New file path').fill('<img src=x onerror=alert(1)>.txt');
    await page.keyboard.press('Enter');
    await page.evaluate(() => (location.hash = '#/lesson/04-mounts/cache-mount'));
    await page.getByRole('button', { name: 'Share link' }).click();
    const link = await page.getByLabel('Link').inputValue();
    expect(link).toMatch(/#share=[A-Za-z0-9_-]+$/);
    await page.getByTestId('share-dialog').getByRole('button', { name: 'Close' }).click();

    const fresh = await freshPage();
    try {
      await fresh.page.goto(link);
      const dialog = fresh.page.getByTestId('import-preview');
      await expect.poll(() => dialog.isVisible(), { timeout: 10_000 }).toBe(true);
      expect(await dialog.innerText()).toContain('replaces your whole workspace');
      expect(await dialog.locator('[data-group="added"] li').allInnerTexts()).toEqual(expect.arrayContaining(['<img src=x onerror=alert(1)>.txt', 'notes/readme.md']));
      expect(await dialog.locator('[data-group="replaced"] li').allInnerTexts()).toEqual(['Dockerfile']);
      expect(await dialog.locator('img').count()).toBe(0);
      await fresh.page.screenshot({ path: join(artifacts, 'e2e-ws-4-share-preview.png') });
      // the seed is still there until the learner confirms
      expect(await editorText(fresh.page)).toContain('FROM golang:1.20-alpine AS base');
      await dialog.getByRole('button', { name: 'Replace workspace' }).click();
      await expect.poll(() => editorText(fresh.page)).toContain('FROM alpine AS uploaded');
      await expect.poll(() => row(fresh.page, '<img src=x onerror=alert(1)>.txt').count()).toBe(1);
      expect(await tree(fresh.page).locator('img').count()).toBe(0);
      // the share fragment is consumed, and the lesson pane opens the sharer's step
      expect(new URL(fresh.page.url()).hash).not.toContain('share=');
      await expect.poll(() => new URL(fresh.page.url()).hash).toBe('#/lesson/04-mounts/cache-mount');
      await expect.poll(() => fresh.page.getByTestId('lesson-pane').getByRole('article').getAttribute('aria-label')).toMatch(/^Step: /);
      expect(await fresh.page.getByTestId('lesson-pane').getByTestId('step-list').innerText()).toMatch(/\(current\)/);
    } finally {
      await fresh.context.close();
    }
  });

  it('refuses a damaged share link and keeps the workspace', async () => {
    const fresh = await freshPage();
    try {
      await openApp(fresh.page, `${server.url}#share=AAAA-not-a-workspace`);
      await expect.poll(() => fresh.page.getByRole('alert').allInnerTexts().then((t) => t.join('\n'))).toContain('This share link cannot be opened: the share link is damaged');
      expect(await editorText(fresh.page)).toContain('FROM golang:1.20-alpine AS base');
    } finally {
      await fresh.context.close();
    }
  });

  it('raised no CSP violations or page errors under a strict script policy', async () => {
    const html = await readFile(join(tmp, 'dist', 'index.html'), 'utf8');
    const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
    const directive = (name: string) => csp.split(';').map((d) => d.trim()).find((d) => d.startsWith(name + ' ')) ?? '';
    expect(directive('script-src')).toBe("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(directive('connect-src')).toBe("connect-src 'self'");
    expect(directive('object-src')).toBe("object-src 'none'");
    expect(problems).toEqual([]);
  });
});
