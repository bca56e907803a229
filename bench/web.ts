/**
 * Web app metrics for `npm run bench`: builds the production app (`vite build`), serves it
 * on 127.0.0.1 and loads it cold (a fresh browser profile, empty cache) in headless Chromium.
 * - `web_tti_ms`: navigation start → the terminal echoes a typed key (median of 3; target < 2000);
 *   `editor_ms` beside it: → Monaco shows the Dockerfile.
 * - `web_startup_js_gzip_kb`: JavaScript fetched by that cold load, Monaco's chunks excluded (target < 300).
 * - `web_app_js_gzip_kb`: every non-Monaco JS file of the build (with the engine, loaded on the first command).
 * - `web_monaco_js_gzip_kb`: Monaco's lazy chunks (editor, language definitions, the Dockerfile
 *   language service, the editor worker), CSS beside it.
 * - `browser_ch1_first_build_ms`, `browser_ch1_cached_rebuild_ms`, `browser_ch1_edit_rebuild_ms`,
 *   `browser_ch3_build_ms`: the course's builds typed in the page's terminal, Enter → the prompt
 *   back (the image is in the store), in a fresh browser profile with the page loaded and the
 *   engine started (`docker images` first: its load time is `engine_load_ms` beside the first);
 *   chapter 1's single-stage build, the same again (all CACHED), again after one `.go` file
 *   changed in the editor, then chapter 3's two targets (`--target=client` and `--target=server`,
 *   after those, as a learner gets there). `cli_ms` beside each: the same build in the CLI
 *   (`runCli` in this process, its own fresh store, stage workers as `npm run cli` starts them).
 * Run alone with `npx tsx bench/web.ts` (`--builds` for the build metrics only).
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { serveStatic } from '../web/e2e/static-server.ts';
import { runCli } from '../cli/cli.ts';
import { SINGLE_STAGE, TARGETS } from '../lessons/dockerfiles.ts';

/** How a metric is reported (bench/run.ts's `emit`). */
export type Emit = (metric: string, value: number, unit: string, extra?: Record<string, unknown>) => void;

const repo = resolve(import.meta.dirname, '..');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];
/** The lazy entries that make up the editor (Monaco and the Dockerfile language service). */
const MONACO_ENTRIES = ['src/lib/editor/monaco.ts', 'src/lib/editor/dockerfile-language.ts'];

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

/** Manifest keys reachable from `keys` (static imports, and dynamic ones when asked), not entering `stop`. */
function reach(manifest: Record<string, ManifestChunk>, keys: string[], dynamic: boolean, stop: (key: string) => boolean = () => false): Set<string> {
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key) || !manifest[key] || stop(key)) return;
    seen.add(key);
    for (const k of manifest[key].imports ?? []) visit(k);
    if (dynamic) for (const k of manifest[key].dynamicImports ?? []) visit(k);
  };
  keys.forEach(visit);
  return seen;
}

/** Which built files are Monaco's: reached only through the editor's lazy entries (and the editor worker). */
async function monacoFiles(dist: string): Promise<Set<string>> {
  const manifest = JSON.parse(await readFile(join(dist, '.vite/manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  const filesOf = (keys: Iterable<string>) => new Set([...keys].flatMap((k) => [manifest[k]!.file, ...(manifest[k]!.css ?? [])]));
  const editorKeys = reach(manifest, MONACO_ENTRIES, true, (k) => manifest[k]!.isEntry === true);
  const sharedKeys = reach(manifest, Object.keys(manifest).filter((k) => !editorKeys.has(k)), false);
  const shared = filesOf(sharedKeys);
  const out = new Set([...filesOf(editorKeys)].filter((f) => !shared.has(f)).map((f) => f.replace(/^assets\//, '')));
  for (const name of await readdir(join(dist, 'assets'))) if (name.startsWith('editor.worker')) out.add(name);
  return out;
}

const gzKb = (bytes: Uint8Array) => gzipSync(bytes).length / 1024;

/** Type `command` in the page's terminal; ms from Enter to the prompt coming back. */
async function timeCommand(page: Page, command: string): Promise<number> {
  const rows = '[data-testid="terminal"] .xterm-rows';
  await page.locator('[data-testid="terminal"] .xterm-helper-textarea').focus();
  await page.keyboard.press('Control+L');
  await page.waitForFunction((sel) => !/docker/.test(document.querySelector(sel)?.textContent ?? ''), rows);
  await page.keyboard.type(command);
  const t0 = performance.now();
  await page.keyboard.press('Enter');
  await page.waitForFunction(
    (sel) => {
      const lines = [...(document.querySelector(sel)?.children ?? [])].map((r) => (r.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd()).filter((l) => l !== '');
      return lines.length > 1 && lines.at(-1) === '$';
    },
    rows,
    { polling: 'raf', timeout: 180_000 },
  );
  const ms = performance.now() - t0;
  const text = await page.locator(rows).innerText();
  if (/ERROR/.test(text)) throw new Error(`${command} failed in the page:\n${text}`);
  return ms;
}

/** Apply a lesson step's solution through the lesson pane (as a learner would). */
async function applySolution(page: Page, link: string): Promise<void> {
  await page.getByRole('tab', { name: 'Lesson' }).click();
  await page.evaluate((h) => (location.hash = h), `#/lesson/${link}`);
  const pane = page.getByTestId('lesson-pane');
  await pane.getByTestId('show-solution').click();
  const apply = pane.getByTestId('apply-solution');
  if ((await apply.count()) > 0) await apply.click();
  await pane.getByTestId('solution').getByText('already matches the solution').waitFor({ timeout: 10_000 });
  await pane.getByTestId('show-solution').click();
}

/** Append a comment line to `cmd/client/main.go` in the editor (one `.go` file changed). */
async function editGoFile(page: Page, n: number): Promise<void> {
  const files = page.getByRole('navigation', { name: 'Workspace files' });
  await files.getByRole('button', { name: 'client/', exact: false }).first().waitFor();
  await files.getByRole('button', { name: 'main.go', exact: true }).first().click();
  const lines = page.locator('[data-testid="editor"] .view-lines');
  await lines.filter({ hasText: 'package main' }).waitFor({ timeout: 15_000 });
  await lines.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type(`// edited ${n}`);
  await lines.filter({ hasText: `// edited ${n}` }).waitFor();
}

/** The same builds with the CLI, in this process, on a copy of the project and a fresh store. */
async function cliFigures(tmp: string): Promise<Record<string, number>> {
  const dir = join(tmp, 'cli-project');
  await cp(join(repo, 'lessons/project'), dir, { recursive: true });
  const root = join(tmp, 'cli-root');
  const time = async (argv: string[]) => {
    let err = '';
    const t0 = performance.now();
    const code = await runCli([...argv, '--root', root], { cwd: dir, env: {}, stdout: () => {}, stderr: (t) => (err += t) });
    const ms = performance.now() - t0;
    if (code !== 0) throw new Error(`cli ${argv.join(' ')} failed:\n${err}`);
    return ms;
  };
  await writeFile(join(dir, 'Dockerfile'), SINGLE_STAGE);
  const first = await time(['build', '--tag=buildme', '.']);
  const cached = await time(['build', '--tag=buildme', '.']);
  const main = join(dir, 'cmd/client/main.go');
  await writeFile(main, (await readFile(main, 'utf8')) + '\n// edited 1\n');
  const edit = await time(['build', '--tag=buildme', '.']);
  await writeFile(join(dir, 'Dockerfile'), TARGETS);
  const client = await time(['build', '--tag=buildme-client', '--target=client', '.']);
  const server = await time(['build', '--tag=buildme-server', '--target=server', '.']);
  return { first, cached, edit, ch3: client + server, ch3_client: client, ch3_server: server };
}

/** The course's builds in the page, each with the CLI's figure beside it. */
async function benchBrowserBuilds(emit: Emit, browser: Browser, url: string, tmp: string): Promise<void> {
  const cli = await cliFigures(tmp);
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(url);
    await page.locator('[data-testid="terminal"] .xterm-helper-textarea').waitFor({ state: 'attached', timeout: 30_000 });
    await page.locator('[data-testid="editor"] .view-lines').filter({ hasText: 'FROM' }).waitFor({ timeout: 30_000 });
    const engine = await timeCommand(page, 'docker images');
    await applySolution(page, '01-introduction/single-stage');
    const first = await timeCommand(page, 'docker build --tag=buildme .');
    const cached = await timeCommand(page, 'docker build --tag=buildme .');
    await editGoFile(page, 1);
    const edit = await timeCommand(page, 'docker build --tag=buildme .');
    await applySolution(page, '03-multi-stage/targets');
    const client = await timeCommand(page, 'docker build --tag=buildme-client --target=client .');
    const server = await timeCommand(page, 'docker build --tag=buildme-server --target=server .');
    const r = Math.round;
    emit('browser_ch1_first_build_ms', first, 'ms', { target: 2000, cli_ms: r(cli.first!), engine_load_ms: r(engine), build: 'docker build --tag=buildme . (chapter 1, single stage)' });
    emit('browser_ch1_cached_rebuild_ms', cached, 'ms', { target: 300, cli_ms: r(cli.cached!) });
    emit('browser_ch1_edit_rebuild_ms', edit, 'ms', { target: 1000, cli_ms: r(cli.edit!), edit: 'a comment line appended to cmd/client/main.go' });
    emit('browser_ch3_build_ms', client + server, 'ms', {
      target: 1000, cli_ms: r(cli.ch3!), client_ms: r(client), server_ms: r(server), cli_client_ms: r(cli.ch3_client!), cli_server_ms: r(cli.ch3_server!),
    });
  } finally {
    await context.close();
  }
}

/** Build, serve and measure; reports through `emit`. */
export async function benchWeb(emit: Emit, opts: { builds?: boolean; startup?: boolean } = {}): Promise<void> {
  const tmp = await mkdtemp(join(tmpdir(), 'stageplay-bench-web-'));
  const dist = join(tmp, 'dist');
  try {
    await promisify(execFile)(process.execPath, [join(repo, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', dist, '--emptyOutDir', '--manifest', '--logLevel', 'error'], { cwd: repo, env: { ...process.env, NODE_ENV: 'production' } });
    const monaco = await monacoFiles(dist);
    const sizes = new Map<string, number>();
    for (const name of await readdir(join(dist, 'assets'))) if (/\.(js|css)$/.test(name)) sizes.set(name, gzKb(await readFile(join(dist, 'assets', name))));
    const sum = (pred: (name: string) => boolean) => [...sizes].filter(([n]) => pred(n)).reduce((a, [, kb]) => a + kb, 0);
    const isJs = (n: string) => n.endsWith('.js');

    const server = await serveStatic(dist);
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
    const runs: { tti: number; editor: number; startup: Set<string> }[] = [];
    try {
      for (let i = 0; i < (opts.startup === false ? 0 : 3); i++) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
        const page = await context.newPage();
        const fetched = new Set<string>();
        page.on('request', (r) => {
          const name = new URL(r.url()).pathname.split('/').pop() ?? '';
          if (sizes.has(name)) fetched.add(name);
        });
        const t0 = performance.now();
        await page.goto(server.url, { waitUntil: 'commit' });
        const input = page.locator('[data-testid="terminal"] .xterm-helper-textarea');
        let tti = 0;
        let editor = 0;
        const editorReady = page
          .locator('[data-testid="editor"] .view-lines')
          .filter({ hasText: 'FROM' })
          .waitFor({ timeout: 30_000 })
          .then(() => (editor = performance.now() - t0));
        await input.waitFor({ state: 'attached', timeout: 30_000 });
        for (;;) {
          await input.focus();
          await page.keyboard.type('h');
          const text = await page.locator('[data-testid="terminal"] .xterm-rows').innerText().catch(() => '');
          if (/\$ h+\s*$/m.test(text)) break;
          if (performance.now() - t0 > 30_000) throw new Error('the terminal never accepted input');
          await page.waitForTimeout(10);
        }
        tti = performance.now() - t0;
        await editorReady;
        runs.push({ tti, editor, startup: new Set(fetched) });
        await context.close();
      }
      if (opts.builds !== false) await benchBrowserBuilds(emit, browser, server.url, tmp);
    } finally {
      await browser.close();
      await server.close();
    }
    if (runs.length === 0) return;
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    emit('web_tti_ms', median(runs.map((r) => r.tti)), 'ms', { target: 2000, runs: runs.map((r) => Math.round(r.tti)), editor_ms: Math.round(median(runs.map((r) => r.editor))) });
    const startup = runs[0]!.startup;
    emit('web_startup_js_gzip_kb', sum((n) => isJs(n) && startup.has(n) && !monaco.has(n)), 'KB', { target: 300, files: [...startup].filter((n) => isJs(n) && !monaco.has(n)).sort() });
    emit('web_app_js_gzip_kb', sum((n) => isJs(n) && !monaco.has(n)), 'KB', { includes: 'the engine chunk loaded on the first docker command' });
    emit('web_monaco_js_gzip_kb', sum((n) => isJs(n) && monaco.has(n)), 'KB', { css_kb: Number(sum((n) => !isJs(n) && monaco.has(n)).toFixed(1)), files: [...monaco].sort() });
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const buildsOnly = process.argv.includes('--builds');
  await benchWeb((metric, value, unit, extra = {}) => process.stdout.write(JSON.stringify({ metric, value: Number(value.toFixed(3)), unit, ...extra }) + '\n'), buildsOnly ? { startup: false } : {});
}
