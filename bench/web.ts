/**
 * Web app metrics for `npm run bench`: builds the production app (`vite build`), serves it
 * on 127.0.0.1 and loads it cold (a fresh browser profile, empty cache) in headless Chromium.
 * - `web_tti_ms`: navigation start → the terminal echoes a typed key (median of 3; target < 2000);
 *   `editor_ms` beside it: → Monaco shows the Dockerfile.
 * - `web_startup_js_gzip_kb`: JavaScript fetched by that cold load, Monaco's chunks excluded (target < 300).
 * - `web_app_js_gzip_kb`: every non-Monaco JS file of the build (with the engine, loaded on the first command).
 * - `web_monaco_js_gzip_kb`: Monaco's lazy chunks (editor, language definitions, the Dockerfile
 *   language service, the editor worker), CSS beside it.
 * Run alone with `npx tsx bench/web.ts`.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { serveStatic } from '../web/e2e/static-server.ts';

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

/** Build, serve and measure; reports through `emit`. */
export async function benchWeb(emit: Emit): Promise<void> {
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
      for (let i = 0; i < 3; i++) {
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
    } finally {
      await browser.close();
      await server.close();
    }
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
  await benchWeb((metric, value, unit, extra = {}) => process.stdout.write(JSON.stringify({ metric, value: Number(value.toFixed(3)), unit, ...extra }) + '\n'));
}
