/**
 * Downloads in Debian's Chromium: images built in the app and downloaded from the page
 * (chapter 1's single-stage golang image with `docker save` and `download`, a `FROM scratch`
 * image, a multi-platform index with `--output type=oci`) pass the real validators (skopeo, umoci,
 * oci-image-tool, podman); the blobs' bytes match their digests, the base layers' too. And
 * the engine in a page (`export-page.ts`) gives the same image digest as the Node build for
 * the same Dockerfile, context and SOURCE_DATE_EPOCH.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { build as viteBuild } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '#engine/build';
import { readContext, testDeps } from '#engine/build/testing/project';
import { parseTar } from '#engine/image';
import { ALL_PASSED, validateImage } from '#engine/testing/validate-image';
import { SINGLE_STAGE } from '../../lessons/dockerfiles.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH, REPO, buildApp } from './chromium.ts';
import type {} from './export-page.ts'; // window.buildImage
import { serveStatic } from './static-server.ts';

let tmp: string;
let app: Awaited<ReturnType<typeof serveStatic>>;
let pageSite: Awaited<ReturnType<typeof serveStatic>>;
let context: BrowserContext;
let browser: Browser;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'stageplay-downloads-e2e-'));
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] });
}, 60_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await app?.close();
  await pageSite?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** The app's production build, served, in a persistent profile (a fresh one: nothing compressed yet). */
async function openApp(): Promise<void> {
  await buildApp(join(tmp, 'dist'));
  app = await serveStatic(join(tmp, 'dist'));
  context = await chromium.launchPersistentContext(join(tmp, 'profile'), { executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS], headless: true, viewport: { width: 1280, height: 720 } });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => void (m.type() === 'error' && problems.push(`console: ${m.text()}`)));
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
}

/** The export page: the engine alone, bundled as the app bundles it. */
async function openExportPage(): Promise<void> {
  const root = join(tmp, 'page');
  await mkdir(root, { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><meta charset="utf-8"><title>loading</title><script type="module" src="./main.ts"></script>\n');
  await writeFile(join(root, 'main.ts'), `import ${JSON.stringify(join(REPO, 'web/e2e/export-page.ts'))};\n`);
  await viteBuild({ root, configFile: false, logLevel: 'error', base: './', build: { outDir: join(tmp, 'page-dist'), emptyOutDir: true, target: 'es2022' }, worker: { format: 'es' } });
  pageSite = await serveStatic(join(tmp, 'page-dist'));
}

const terminal = () => page.locator('[data-testid="terminal"] .xterm-rows').innerText();
const pane = () => page.getByTestId('lesson-pane');

/** Type a command and wait for the prompt to come back. */
async function typeCommand(command: string, timeout = 120_000): Promise<string> {
  await page.locator('[data-testid="terminal"] .xterm-helper-textarea').focus();
  await page.keyboard.press('Control+L');
  await page.keyboard.type(command);
  await page.keyboard.press('Enter');
  await expect.poll(async () => /\n\$[\s\u00a0]*$/.test(await terminal()), { timeout, message: `prompt after ${command}: ${problems.join('\n')}` }).toBe(true).catch(async (e: unknown) => {
    await page.screenshot({ path: join(tmp, 'stuck.png') });
    throw new Error(`${(e as Error).message}\n${await terminal()}`);
  });
  return terminal();
}

/** Open a lesson step and apply its solution (its Dockerfile into the workspace). */
async function useSolution(link: string): Promise<void> {
  await page.evaluate((h) => (location.hash = h), `#/lesson/${link}`);
  await expect.poll(() => pane().getByTestId('show-solution').count(), { timeout: 15_000 }).toBe(1);
  await pane().getByTestId('show-solution').click();
  const apply = pane().getByTestId('apply-solution');
  if ((await apply.count()) > 0) await apply.click();
  await expect.poll(() => pane().getByTestId('solution').innerText()).toContain('already matches the solution');
  await pane().getByTestId('show-solution').click();
}

/** Run `command` in the terminal (it writes a file into the workspace and `download`s it) and save the download. */
async function download(command: string, name: string): Promise<string> {
  const offered = page.waitForEvent('download', { timeout: 300_000 });
  offered.catch(() => undefined);
  await typeCommand(command, 300_000);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const d = await Promise.race([
    offered,
    new Promise<never>((_, reject) => (timer = setTimeout(() => void terminal().then((t) => reject(new Error(`no download after ${command}:\n${t}`)), reject), 20_000))),
  ]).finally(() => clearTimeout(timer));
  expect(d.suggestedFilename()).toBe(name);
  const file = join(tmp, name);
  await d.saveAs(file);
  return file;
}

/** Every blob of an OCI layout archive hashes to its name. */
async function blobsMatchNames(file: string): Promise<number> {
  let n = 0;
  for (const e of parseTar(new Uint8Array(await readFile(file)))) {
    const m = /^blobs\/sha256\/([0-9a-f]{64})$/.exec(e.name);
    if (!m || e.typeflag !== '0') continue;
    expect(createHash('sha256').update(e.data).digest('hex'), e.name).toBe(m[1]);
    n++;
  }
  return n;
}

describe('downloads from the app in Chromium', () => {
  beforeAll(openApp, 240_000);

  it('chapter 1\'s single-stage golang image: docker save gives blobs that match their digests, and the validators pass', async () => {
    await page.goto(app.url);
    await useSolution('01-introduction/single-stage');
    await typeCommand('docker build --tag=buildme .', 300_000);
    const file = await download('docker save -o single.tar buildme && download single.tar', 'single.tar');
    expect(await blobsMatchNames(file)).toBeGreaterThanOrEqual(8); // five golang layers, the steps', config, manifest
    expect(validateImage(file)).toMatch(ALL_PASSED);
    expect(problems).toEqual([]);
  }, 900_000);

  it('a FROM scratch image', async () => {
    await useSolution('03-multi-stage/scratch');
    await typeCommand('docker build --tag=scratchy .', 300_000);
    const file = await download('docker save -o scratchy.tar scratchy && download scratchy.tar', 'scratchy.tar');
    await blobsMatchNames(file);
    expect(validateImage(file, 'Starting server...')).toMatch(ALL_PASSED);
  }, 900_000);

  it('a multi-platform index (--output type=oci)', async () => {
    await useSolution('08-multi-platform/arm-server');
    const file = await download('docker build --target=server --platform=linux/amd64,linux/arm64 --output=type=oci,dest=multi.tar . && download multi.tar', 'multi.tar');
    const index = JSON.parse(new TextDecoder().decode(parseTar(new Uint8Array(await readFile(file))).find((e) => e.name === 'index.json')!.data)) as { manifests: { mediaType: string }[] };
    expect(index.manifests[0]!.mediaType).toBe('application/vnd.oci.image.index.v1+json');
    await blobsMatchNames(file);
    expect(validateImage(file)).toMatch(ALL_PASSED);
  }, 900_000);
});

describe('the same image in Node and in Chromium', () => {
  beforeAll(openExportPage, 240_000);

  it('gives the same image digest and ID for the same Dockerfile, context and SOURCE_DATE_EPOCH', async () => {
    const dec = new TextDecoder();
    const context = readContext();
    const files = context.filter((f) => f.type === 'file').map((f) => ({ path: f.path, text: dec.decode(f.content) }));
    const buildArgs = { SOURCE_DATE_EPOCH: '1700000000' };
    const p = await browser.newPage();
    await p.goto(new URL('index.html', pageSite.url).href);
    await p.waitForFunction(() => document.title === 'ready', undefined, { timeout: 30_000 });
    const inPage = await p.evaluate(([f, d, a]) => window.buildImage(f, d, a), [files, SINGLE_STAGE, buildArgs] as const);
    await p.close();
    const nodeBuild = await build(
      { dockerfile: SINGLE_STAGE, buildArgs, context: files.map((f) => ({ path: f.path, type: 'file' as const, mode: 0o644, mtime: 1_700_000_000, content: new TextEncoder().encode(f.text) })) },
      { ...testDeps(), now: () => 1_700_000_000_000 },
    );
    const img = nodeBuild.images[0]!;
    const layers = await img.layers();
    expect(inPage.diffIds).toEqual(await Promise.all(layers.map((l) => l.diffId())));
    expect(inPage.layerDigests).toEqual(await Promise.all(layers.map((l) => l.digest())));
    expect(inPage.imageId).toBe(await img.configName());
    expect(inPage.manifestDigest).toBe(await img.digest());
  }, 300_000);
});
