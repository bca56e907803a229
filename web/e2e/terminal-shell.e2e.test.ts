/**
 * End-to-end: the terminal is a shell over the workspace, in Chromium. The guide's chapter
 * 4 lines (`docker build ... 2> log1.txt`, then `awk '/proxy.golang.org/' log1.txt`) and
 * chapter 6 lines (`docker build --output=. --target=server .`, `ls -l ./bin`) typed as
 * written; the files they write appear in the file tree, a built binary shows its size,
 * its type and a Download button instead of the editor. Uses the `?test` hook.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BINARIES, CACHE_MOUNT } from '../../lessons/dockerfiles.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH, buildApp, terminalText as terminalTextOf, typeInTerminal } from './chromium.ts';
import { serveStatic } from './static-server.ts';

const repo = resolve(import.meta.dirname, '../..');
const artifacts = join(repo, 'test-artifacts');

let tmp: string;
let server: Awaited<ReturnType<typeof serveStatic>>;
let browser: Browser;
let page: Page;
const problems: string[] = [];

interface Hook {
  client: { running: boolean };
  workspace: { read(p: string): string | undefined; update(p: string, text: string): void; bytes(p: string): Uint8Array | undefined };
}
declare const __stageplay: Hook;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'stageplay-shell-e2e-'));
  const out = join(tmp, 'dist');
  await buildApp(out);
  server = await serveStatic(out);
  await mkdir(artifacts, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS], headless: true });
  page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

const terminalText = () => terminalTextOf(page);
/** Clear the screen, type a line, and wait for it to finish; the screen's text after. */
const type = (line: string): Promise<string> => typeInTerminal(page, line);

const tree = () => page.getByTestId('file-tree');
/** The screen's text with the terminal's soft wraps undone (rows are joined; tests match within a line). */
const unwrap = (text: string) => text.replace(/\n/g, '');

describe('the terminal is a shell over the workspace (Chromium)', () => {
  it('chapter 4: build with 2> log1.txt, then awk finds the module downloads; the log is in the file tree', async () => {
    await page.goto(`${server.url}?test`);
    await expect.poll(() => page.evaluate(() => typeof __stageplay), { timeout: 30_000 }).toBe('object');
    await tree().waitFor();
    await page.evaluate((text) => __stageplay.workspace.update('Dockerfile', text), CACHE_MOUNT);
    const built = await type('docker build --target=client --progress=plain . 2> log1.txt');
    // nothing on the screen: the whole log went to the file
    expect(built).not.toMatch(/#1 \[internal\]/);
    await tree().locator('[data-path="log1.txt"]').waitFor({ timeout: 10_000 });
    const log = await page.evaluate(() => __stageplay.workspace.read('log1.txt'));
    expect(log).toMatch(/^#1 \[internal\] load build definition from Dockerfile\n/);
    const awk = await type("awk '/proxy.golang.org/' log1.txt");
    // the terminal wraps long lines: compare with the rows joined
    expect(unwrap(awk)).toMatch(/# get https:\/\/proxy\.golang\.org\/github\.com\/google\/uuid\/@v\/v[\d.]+\.zip: 200 OK \([\d.]+s\)/);
    expect(awk.split('\n').filter((l) => l.startsWith('#')).every((l) => l.includes('proxy.golang.org'))).toBe(true);
    await page.screenshot({ path: join(artifacts, 'e2e-shell-1-awk.png') });
  }, 240_000);

  it('docker images | grep, docker inspect | grep -i entrypoint, ls -la, cat go.mod', async () => {
    await type('docker build --tag=buildme --target=client .');
    expect(await type('docker images | grep buildme')).toMatch(/^buildme\s+latest\s+[0-9a-f]{12}\s.*MB\s*$/m);
    expect(await type('docker inspect buildme | grep -i entrypoint')).toMatch(/"Entrypoint": \[/);
    const ls = await type('ls -la');
    expect(ls).toMatch(/-rw-r--r-- +1 learner +learner +\d+ .* go\.mod/);
    expect(ls).toMatch(/-rw-r--r-- +1 learner +learner +\d+ .* log1\.txt/);
    expect(await type('cat go.mod | head -1')).toContain('module github.com/stageplay/buildme');
  }, 240_000);

  it('chapter 6: --output=. leaves bin/server in the file tree; ls -l ./bin and file show it; the binary opens as a download, not text', async () => {
    await page.evaluate((text) => __stageplay.workspace.update('Dockerfile', text), BINARIES);
    await type('docker build --output=. --target=server .');
    const size = await page.evaluate(() => __stageplay.workspace.bytes('bin/server')?.length);
    expect(size).toBeGreaterThan(7_000_000);
    const ls = await type('ls -l ./bin');
    expect(ls).toMatch(new RegExp(`-rwxr-xr-x +1 learner +learner +${size} .* server`));
    expect(unwrap(await type('file bin/server'))).toContain('bin/server: ELF 64-bit LSB executable, x86-64, version 1 (SYSV), statically linked, stripped');
    await tree().locator('[data-path="bin/server"]').click();
    const binary = page.getByTestId('binary-file');
    await binary.waitFor();
    expect(await page.getByTestId('binary-size').innerText()).toContain(`${size!.toLocaleString('en-US')} bytes`);
    expect(await page.getByTestId('binary-type').innerText()).toContain('ELF 64-bit LSB executable, x86-64');
    expect(await page.getByTestId('editor').isVisible()).toBe(false);
    await page.screenshot({ path: join(artifacts, 'e2e-shell-2-binary.png') });
    const offered = page.waitForEvent('download', { timeout: 30_000 });
    await binary.getByRole('button', { name: /Download server/ }).click();
    const download = await offered;
    expect(download.suggestedFilename()).toBe('server');
    const viaTerminal = page.waitForEvent('download', { timeout: 30_000 });
    await type('download bin/server');
    expect((await viaTerminal).suggestedFilename()).toBe('server');
    // back to a text file: the editor again
    await tree().locator('[data-path="go.mod"]').click();
    await expect.poll(() => page.getByTestId('editor').isVisible()).toBe(true);
    expect(problems).toEqual([]);
  }, 240_000);

  it('the written files persist over a reload', async () => {
    await page.reload();
    await expect.poll(() => page.evaluate(() => typeof __stageplay), { timeout: 30_000 }).toBe('object');
    await tree().locator('[data-path="bin/server"]').waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => __stageplay.workspace.bytes('bin/server')?.length)).toBeGreaterThan(7_000_000);
    expect(await page.evaluate(() => __stageplay.workspace.read('log1.txt'))).toMatch(/^#1 /);
    expect(await type('ls bin; pwd')).toMatch(/server\n\/home\/learner\/project/);
    await page.screenshot({ path: join(artifacts, 'e2e-shell-3-reload.png') });
  }, 120_000);
});
