/**
 * What every browser test shares: Debian's Chromium with the flags that work in this
 * sandbox (no background networking, no GPU, no sandboxing as root), and one production build of the app per test file
 * (`openApp` builds, serves and launches in one call).
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { serveStatic } from './static-server.ts';

/** The repository root. */
export const REPO = resolve(import.meta.dirname, '../..');

/** Debian's `chromium` package (playwright cannot download browsers here). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Headless, as root, with no background traffic to hosts this machine cannot reach. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** `vite build` of the app into `outDir` (a production build, as a static host serves it). */
export async function buildApp(outDir: string): Promise<void> {
  await promisify(execFile)(process.execPath, [join(REPO, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], {
    cwd: REPO,
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

/** The built app served on 127.0.0.1 and one Chromium to open it in; `close()` ends all three. */
export interface OpenApp {
  readonly url: string;
  readonly browser: Browser;
  /** Where tests leave screenshots (test-artifacts/, ignored by git). */
  readonly artifacts: string;
  close(): Promise<void>;
}

/** Build the app into a temporary folder, serve it and launch Chromium (one per test file). */
export async function openApp(): Promise<OpenApp> {
  const tmp = await mkdtemp(join(tmpdir(), 'stageplay-e2e-'));
  const out = join(tmp, 'dist');
  await buildApp(out);
  const server = await serveStatic(out);
  const artifacts = join(REPO, 'test-artifacts');
  await mkdir(artifacts, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS], headless: true });
  return {
    url: server.url,
    browser,
    artifacts,
    async close() {
      await browser.close();
      await server.close();
      await rm(tmp, { recursive: true, force: true });
    },
  };
}

/** The terminal's screen as text, one row a line. */
export function terminalText(page: Page): Promise<string> {
  return page.locator('[data-testid="terminal"] .xterm-rows').innerText();
}

/** Waits until no command runs (the `?test` hook's client). */
export function terminalIdle(page: Page, timeout = 120_000): Promise<void> {
  return expect.poll(() => page.evaluate(() => (globalThis as unknown as { __stageplay: { client: { running: boolean } } }).__stageplay.client.running), { timeout }).toBe(false);
}

/** Clears the terminal, types `line`, waits for it to finish and the prompt to come back; the screen's text after. Needs the `?test` hook. */
export async function typeInTerminal(page: Page, line: string): Promise<string> {
  await terminalIdle(page);
  await page.locator('[data-testid="terminal"] .xterm-helper-textarea').focus();
  await page.keyboard.press('Control+L');
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
  await terminalIdle(page);
  await expect.poll(async () => (await terminalText(page)).trimEnd().endsWith('$'), { timeout: 10_000 }).toBe(true);
  return terminalText(page);
}


/** A page of the app opened with the `?test` hook: `problems` collects its page errors and console errors. */
export interface TestPage {
  readonly page: Page;
  readonly problems: string[];
}

/** Open the app at `hash` (after `?test`) in a new page of `app`'s browser, once the `?test` hook is ready. */
export async function openTestPage(app: OpenApp, viewport: { width: number; height: number }, hash = ''): Promise<TestPage> {
  const page = await app.browser.newPage({ viewport });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  await page.goto(`${app.url}?test${hash}`);
  await page.waitForFunction(() => typeof (globalThis as { __stageplay?: unknown }).__stageplay === 'object', undefined, { timeout: 30_000 });
  return { page, problems };
}
