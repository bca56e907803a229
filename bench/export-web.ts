/**
 * The layer gzip in Chromium, for `npm run bench`:
 * - `browser_export_mb_per_s`: the single-stage golang image's layers (chapter 1) compressed
 *   and hashed in a page (`web/e2e/export-page.ts`: the layer gzip on module Web Workers, one
 *   per core, at most two; WebCrypto), all bytes compressed in the timed run;
 * - `browser_native_mb_per_s`: `gzip -6 | sha256sum` on the same uncompressed tars (built in
 *   Node, the same diff IDs), in the same run;
 * - `browser_export_native_ratio`: their ratio (target ≥ 0.7).
 * Run alone with `npx tsx bench/export-web.ts`.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { build as viteBuild } from 'vite';
import { build, MemoryCacheMountStore, MemoryLayerCache } from '#engine/build';
import { nodeDeps } from '#engine/platform/node';
import { REPO_ROOT } from '#engine/testing/shared';
import { readContextDir } from '../cli/context-dir.ts';
import { SINGLE_STAGE } from '../lessons/dockerfiles.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../web/e2e/chromium.ts';
import { serveStatic } from '../web/e2e/static-server.ts';
import type {} from '../web/e2e/export-page.ts'; // window.gzipLayers
import { nativeMbPerS } from './export.ts';
import type { Emit } from './build.ts';

/** Emits the browser export metrics. */
export async function benchExportWeb(emit: Emit): Promise<void> {
  const tmp = await mkdtemp(join(tmpdir(), 'stageplay-bench-export-web-'));
  try {
    const root = join(tmp, 'src');
    await mkdir(root, { recursive: true });
    await writeFile(join(root, 'index.html'), '<!doctype html><meta charset="utf-8"><title>loading</title><script type="module" src="./main.ts"></script>\n');
    await writeFile(join(root, 'main.ts'), `import ${JSON.stringify(join(REPO_ROOT, 'web/e2e/export-page.ts'))};\n`);
    await viteBuild({ root, configFile: false, logLevel: 'error', base: './', build: { outDir: join(tmp, 'dist'), emptyOutDir: true, target: 'es2022' }, worker: { format: 'es' } });
    const server = await serveStatic(join(tmp, 'dist'));
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] });
    try {
      const dec = new TextDecoder();
      const context = readContextDir(join(REPO_ROOT, 'lessons/project'));
      const files = context.filter((f) => f.type === 'file' && f.content instanceof Uint8Array).map((f) => ({ path: f.path, text: dec.decode(f.content as Uint8Array) }));
      const page = await browser.newPage();
      await page.goto(new URL('index.html', server.url).href);
      await page.waitForFunction(() => document.title === 'ready', undefined, { timeout: 60_000 });
      const buildArgs = { SOURCE_DATE_EPOCH: '1700000000' };
      const r = await page.evaluate(([f, d, a]) => window.gzipLayers(f, d, a), [files, SINGLE_STAGE, buildArgs] as const);
      await page.close();
      // the same tars in Node (the same diff IDs), through the native pipeline
      const enc = new TextEncoder();
      const res = await build(
        { dockerfile: SINGLE_STAGE, buildArgs, outputs: [{ type: 'cacheonly' }], context: files.map((f) => ({ path: f.path, type: 'file' as const, mode: 0o644, mtime: 1_700_000_000, content: enc.encode(f.text) })) },
        { platform: nodeDeps, cache: new MemoryLayerCache(), cacheMounts: new MemoryCacheMountStore(), now: () => 1_700_000_000_000 },
      );
      const img = res.images[0]!;
      const diffIds = await Promise.all((await img.layers()).map((l) => l.diffId()));
      if (JSON.stringify(diffIds) !== JSON.stringify(r.diffIds)) throw new Error('the page and Node built different layers');
      const native = await nativeMbPerS(img);
      const rate = r.bytes / 1e6 / (r.ms / 1000);
      emit('browser_export_mb_per_s', rate, 'MB/s', { bytes: r.bytes, image: 'single-stage golang:1.20-alpine', browser: 'chromium' });
      emit('browser_native_mb_per_s', native, 'MB/s', { pipeline: 'tar | gzip -6 | sha256sum', bytes: 'the same layer tars' });
      emit('browser_export_native_ratio', rate / native, 'ratio', { target: 0.7 });
    } finally {
      await browser.close();
      await server.close();
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchExportWeb((metric, value, unit, extra = {}) => process.stdout.write(JSON.stringify({ metric, value: Number(value.toFixed(3)), unit, ...extra }) + '\n'));
}
