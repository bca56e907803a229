/**
 * End-to-end: the built app in Debian's Chromium (playwright-core), served statically.
 * One `vite build` per run; one persistent profile so IndexedDB survives the reload.
 */
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic } from './static-server.ts';
import { ALL_PASSED, validateImage } from '#engine/testing/validate-image';
import { CHROMIUM_ARGS, CHROMIUM_PATH, buildApp } from './chromium.ts';

const repo = resolve(import.meta.dirname, '../..');
const artifacts = join(repo, 'test-artifacts');

let tmp: string;
let server: Awaited<ReturnType<typeof serveStatic>>;
let context: BrowserContext;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'stageplay-e2e-'));
  const out = join(tmp, 'dist');
  await buildApp(out);
  server = await serveStatic(out);
  await mkdir(artifacts, { recursive: true });
  context = await chromium.launchPersistentContext(join(tmp, 'profile'), {
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS],
    headless: true,
    viewport: { width: 1280, height: 720 },
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
}, 120_000);

afterAll(async () => {
  await context?.close();
  await server?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** Everything the terminal shows, as text (xterm's accessibility tree mirrors the buffer). */
async function terminalText(): Promise<string> {
  return page.locator('[data-testid="terminal"] .xterm-rows').innerText();
}

/** The terminal's text with its rows joined, so a line the terminal wrapped reads whole. */
async function flatTerminalText(): Promise<string> {
  return (await terminalText()).replace(/\n/g, '');
}

async function runInTerminal(command: string, expectText: string | RegExp, timeout = 10_000): Promise<string> {
  await page.locator('[data-testid="terminal"] .xterm-helper-textarea').focus();
  await page.keyboard.type(command);
  await page.keyboard.press('Enter');
  await expect.poll(terminalText, { timeout }).toMatch(expectText);
  return terminalText();
}

async function editorText(): Promise<string> {
  // Monaco renders spaces as U+00A0
  return (await page.locator('[data-testid="editor"] .view-lines').innerText()).replace(/\u00a0/g, ' ');
}

describe('stageplay in Chromium', () => {
  it('loads with the lesson project and its Dockerfile open', async () => {
    await page.goto(server.url);
    const files = page.getByRole('navigation', { name: 'Workspace files' });
    for (const name of ['Dockerfile', '.dockerignore', 'go.mod', 'main.go']) {
      await expect.poll(() => files.getByRole('button', { name, exact: true }).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    }
    await expect.poll(editorText, { timeout: 15_000 }).toContain('FROM golang:1.20-alpine AS base');
    await expect.poll(() => page.getByRole('tab', { name: 'Lesson' }).getAttribute('aria-selected')).toBe('true');
    await page.getByRole('tab', { name: 'Problems' }).click();
    await expect.poll(() => page.getByTestId('problems-empty').isVisible(), { timeout: 5_000 }).toBe(true);
    await page.screenshot({ path: join(artifacts, 'e2e-1-loaded.png') });
  });

  it('runs docker build --check and --call=targets in the terminal', async () => {
    await runInTerminal('docker build --check .', 'Check complete, no warnings found.');
    const text = await runInTerminal('docker build --call=targets .', /server \(default\)/);
    expect(text).toMatch(/^client\s+is the client binary alone on an empty image$/m);
    expect(text).toMatch(/^TARGET\s+DESCRIPTION$/m);
    await page.screenshot({ path: join(artifacts, 'e2e-2-terminal.png') });
  });

  it('builds the client target in the page, then lists it in docker images', async () => {
    await page.locator('[data-testid="terminal"] .xterm-helper-textarea').focus();
    await page.keyboard.press('Control+L');
    const started = Date.now();
    await runInTerminal('docker build --tag=buildme --target=client .', /\n\$\s*$/, 60_000);
    const built = Date.now() - started;
    expect(await terminalText()).toMatch(/^ => => naming to docker\.io\/library\/buildme:latest\s+[\d.]+s$/m);
    await page.screenshot({ path: join(artifacts, 'e2e-2b-build.png') });
    await page.keyboard.press('Control+L');
    const text = await runInTerminal('docker images', /^buildme\s+latest\s+[0-9a-f]{12}\s.*\s[\d.]+MB\s*$/m);
    expect(text).toMatch(/^REPOSITORY\s+TAG\s+IMAGE ID\s+CREATED\s+SIZE\s*$/m);
    expect(built).toBeLessThan(60_000);
  }, 90_000);

  it('downloads the client image with docker save, and the real OCI tools load and run it', async () => {
    const downloaded = page.waitForEvent('download', { timeout: 30_000 });
    await page.locator('[data-testid="terminal"] .xterm-helper-textarea').focus();
    await page.keyboard.type('docker save -o client.tar buildme && download client.tar');
    await page.keyboard.press('Enter');
    const download = await downloaded;
    expect(download.suggestedFilename()).toBe('client.tar');
    const file = join(tmp, 'client.tar');
    await download.saveAs(file);
    // made in the browser (WebCrypto, CompressionStream gzip), checked by skopeo, umoci, oci-image-tool and podman
    expect(validateImage(file, 'Client ready')).toMatch(ALL_PASSED);
  }, 120_000);

  it('marks a typo in the Dockerfile with BuildKit message', async () => {
    await page.locator('[data-testid="editor"] .view-lines').click();
    await page.keyboard.press('Control+Home');
    for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.type('P');
    await expect.poll(editorText, { timeout: 5_000 }).toContain('COPPY . .');
    const squiggle = page.locator('[data-testid="editor"] .squiggly-error');
    await expect.poll(() => squiggle.count(), { timeout: 5_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('problems').innerText(), { timeout: 5_000 }).toContain('unknown instruction: COPPY');
    await squiggle.first().hover({ force: true });
    await expect.poll(() => page.locator('.monaco-hover').allInnerTexts().then((t) => t.join('\n')), { timeout: 5_000 }).toContain('unknown instruction: COPPY');
    await page.screenshot({ path: join(artifacts, 'e2e-3-marker.png') });
    // the check panel's entry puts the cursor on the error's line
    await page.keyboard.press('Control+End');
    await page.getByTestId('problems').getByRole('button').first().click();
    await expect.poll(() => page.locator('[data-testid="editor"] .active-line-number').innerText()).toBe('7');
    const text = await runInTerminal('docker build --check .', />>> COPPY \. \./);
    expect(text).toMatch(/^ERROR: dockerfile parse error on line 7: unknown/m);
    expect(await flatTerminalText()).toContain('ERROR: dockerfile parse error on line 7: unknown instruction: COPPY (did you mean COPY?)Dockerfile:7');
  });

  it('keeps the edit after a reload (IndexedDB)', async () => {
    await page.waitForTimeout(300);
    await page.reload();
    await page.getByRole('tab', { name: 'Problems' }).click();
    await expect.poll(editorText, { timeout: 15_000 }).toContain('COPPY . .');
    await expect.poll(() => page.getByTestId('problems').innerText(), { timeout: 5_000 }).toContain('unknown instruction: COPPY');
    await page.screenshot({ path: join(artifacts, 'e2e-4-reloaded.png') });
  });

  it('resets the workspace after confirmation', async () => {
    await page.getByRole('button', { name: 'Reset workspace' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Reset' }).click();
    await expect.poll(editorText, { timeout: 5_000 }).toContain('COPY . .');
    expect(await editorText()).not.toContain('COPPY');
    await expect.poll(() => page.getByTestId('problems-empty').isVisible(), { timeout: 5_000 }).toBe(true);
  });

  it('creates, renames and deletes files from the keyboard-reachable tree', async () => {
    const files = page.getByRole('navigation', { name: 'Workspace files' });
    await files.getByRole('button', { name: 'New file' }).click();
    await page.getByLabel('New file path').fill('notes/todo.txt');
    await page.keyboard.press('Enter');
    await expect.poll(() => files.getByRole('button', { name: 'todo.txt', exact: true }).count()).toBe(1);
    await expect.poll(() => files.getByRole('button', { name: 'todo.txt', exact: true }).getAttribute('aria-current')).toBe('page');
    await expect.poll(editorText).not.toContain('FROM');
    await files.getByRole('button', { name: 'Rename notes/todo.txt' }).click();
    await page.getByLabel('New path for notes/todo.txt').fill('notes/<i>done.txt');
    await page.keyboard.press('Enter');
    // names are text, never HTML
    await expect.poll(() => files.getByRole('button', { name: '<i>done.txt', exact: true }).count()).toBe(1);
    expect(await files.locator('i').count()).toBe(0);
    await files.getByRole('button', { name: 'Delete notes/<i>done.txt' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => files.getByRole('button', { name: '<i>done.txt', exact: true }).count()).toBe(0);
  });

  it('completes with Tab and recalls history with Up in the terminal', async () => {
    await page.getByRole('button', { name: 'Dockerfile', exact: true }).click();
    await page.locator('[data-testid="terminal"] .xterm-helper-textarea').focus();
    await page.keyboard.press('Control+L');
    await page.keyboard.type('dock');
    await page.keyboard.press('Tab');
    await page.keyboard.type('build --ch');
    await page.keyboard.press('Tab');
    await page.keyboard.type('.');
    await expect.poll(terminalText).toContain('$ docker build --check .');
    await page.keyboard.press('Enter');
    // the first command after the reload starts the sandbox worker, which reads the saved images and cache
    await expect.poll(terminalText, { timeout: 20_000 }).toContain('Check complete, no warnings found.');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await terminalText()).split('Check complete, no warnings found.').length - 1).toBe(2);
    // the terminal is a shell over the workspace: ls lists it, an unknown program is sh's "not found"
    await runInTerminal('ls | grep go.mod', /\ngo\.mod\n/);
    await runInTerminal('dokcer images', 'sh: dokcer: not found');
    // Shift+Tab leaves the terminal (no keyboard trap)
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('[data-testid="terminal"]') === null)).toBe(true);
  });

  it('follows a dark system theme', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => page.locator('[data-testid="editor"] .monaco-editor').getAttribute('class')).toContain('vs-dark');
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(artifacts, 'e2e-5-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('keeps the app shell under budget with Monaco and the build engine lazy-loaded', async () => {
    const dist = join(tmp, 'dist');
    const html = await readFile(join(dist, 'index.html'), 'utf8');
    expect(html).not.toMatch(/monaco|docker-runtime|\.worker/i);
    let shell = 0;
    const engine = new Map<string, number>();
    const wasm: number[] = [];
    for (const name of await readdir(join(dist, 'assets'))) {
      // Monaco and the Dockerfile language service load with the editor, lazily.
      if (!/\.(js|css)$/.test(name) || /^(monaco|editor\.worker|dockerfile|dockerfile-language|go)-/.test(name)) continue;
      const size = gzipSync(await readFile(join(dist, 'assets', name))).length;
      // the layer gzip's WebAssembly: loaded on a layer's first compression, in a worker (one copy per worker bundle)
      if (name.startsWith('foras-')) {
        wasm.push(size);
        continue;
      }
      // The engine (builds, toolchains, catalog) runs in the sandbox and stage workers, started
      // on the first docker command; docker-runtime is its in-page form where workers fail.
      const kind = /^(sandbox\.worker|stage\.worker|docker-runtime)-/.exec(name)?.[1];
      if (kind) engine.set(kind, size);
      else shell += size;
    }
    expect(shell).toBeLessThan(300 * 1024);
    expect([...engine.keys()].sort()).toEqual(['docker-runtime', 'sandbox.worker', 'stage.worker']);
    for (const size of engine.values()) expect(size).toBeLessThan(250 * 1024);
    expect(wasm.length).toBeGreaterThan(0);
    for (const size of wasm) expect(size).toBeLessThan(100 * 1024);
  });

  it('loaded without CSP violations or page errors', () => {
    expect(problems).toEqual([]);
  });
});
