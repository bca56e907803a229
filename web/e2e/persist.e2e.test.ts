/**
 * End-to-end: `web/src/lib/persist` in real IndexedDB (Debian's Chromium via playwright-core).
 * A tiny page, bundled with vite's JS API into a temp dir, stores an image and a layer-cache
 * record; after a reload a Web Worker opens the same database and reads them back; removing
 * the image frees its blobs.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic } from './static-server.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.ts';

const repo = resolve(import.meta.dirname, '../..');

let tmp: string;
let server: Awaited<ReturnType<typeof serveStatic>>;
let browser: Browser;
let page: Page;
const problems: string[] = [];

/** The page's and the worker's shared code: read back what the store holds. */
const READ_BACK = (imp: (p: string) => string) => `
import { openBrowserSandboxState } from '${imp('web/src/lib/persist/sandbox-state.ts')}';
import { imageFromStore } from '${imp('engine/store/index.ts')}';
import { webDeps } from '${imp('engine/platform/web.ts')}';

const hex = (b) => [...new Uint8Array(b)].map((x) => x.toString(16).padStart(2, '0')).join('');

export async function readBack() {
  const s = await openBrowserSandboxState();
  const stored = s.images.find('hello:v1');
  const out = { notices: s.notices.map((n) => n.kind), images: s.images.list().length, usage: await s.usage(), cache: undefined, layers: [] };
  const record = s.cache.get('step-key');
  if (record) out.cache = { modeledMs: record.modeledMs, text: new TextDecoder().decode(record.entries[0].content) };
  if (stored) {
    const image = await imageFromStore(stored, s.blobs, webDeps);
    for (const l of await image.layers()) {
      const bytes = await l.compressed();
      out.layers.push({ digest: await l.digest(), actual: 'sha256:' + hex(await crypto.subtle.digest('SHA-256', bytes)) });
    }
    out.id = stored.id;
  }
  s.close();
  return out;
}
`;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'stageplay-persist-e2e-'));
  const src = join(tmp, 'src');
  const imp = (p: string) => relative(src, join(repo, p)).split('\\').join('/');
  await mkdir(src);
  await writeFile(join(src, 'index.html'), '<!doctype html><html><head><meta charset="utf-8"><title>persist</title><link rel="icon" href="data:,"></head><body><script type="module" src="./main.js"></script></body></html>');
  await writeFile(join(src, 'read-back.js'), READ_BACK(imp));
  await writeFile(join(src, 'worker.js'), `import { readBack } from './read-back.js';\nself.onmessage = async () => self.postMessage(await readBack());\n`);
  await writeFile(
    join(src, 'main.js'),
    `
import { openBrowserSandboxState } from '${imp('web/src/lib/persist/sandbox-state.ts')}';
import { persistImage } from '${imp('engine/store/index.ts')}';
import { scratchImage } from '${imp('engine/image/testing/fixtures.ts')}';
import { webDeps } from '${imp('engine/platform/web.ts')}';
import { readBack } from './read-back.js';

window.persistTest = {
  async store() {
    const s = await openBrowserSandboxState();
    const image = await scratchImage(webDeps);
    const stored = s.images.put(await persistImage(image, s.blobs), ['hello:v1']);
    s.cache.put('step-key', { modeledMs: 7, entries: [{ path: '/out.txt', type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: 0, content: new TextEncoder().encode('cached') }] });
    const ok = await s.flush();
    s.close();
    return { ok, id: stored.id, notices: s.notices.map((n) => n.kind) };
  },
  async removeAll() {
    const s = await openBrowserSandboxState();
    s.images.remove('hello:v1');
    s.cache.clear();
    const ok = await s.flush();
    s.close();
    return ok;
  },
  readBack,
  inWorker() {
    const w = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    return new Promise((resolve, reject) => {
      w.onmessage = (e) => { w.terminate(); resolve(e.data); };
      w.onerror = (e) => reject(new Error(e.message));
      w.postMessage(null);
    });
  },
};
document.body.dataset.ready = 'yes';
`,
  );
  const out = join(tmp, 'dist');
  await build({ configFile: false, root: src, base: './', logLevel: 'error', build: { outDir: out, emptyOutDir: true, target: 'es2022' }, worker: { format: 'es' } });
  server = await serveStatic(out);
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS], headless: true });
  page = await (await browser.newContext()).newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

async function load(): Promise<void> {
  await page.waitForSelector('body[data-ready="yes"]', { state: 'attached' });
}

type ReadBack = { notices: string[]; images: number; id?: string; usage: { persistent: boolean; blobs: number; blobBytes: number }; cache?: { modeledMs: number; text: string }; layers: { digest: string; actual: string }[] };

describe('sandbox state in IndexedDB (Chromium)', () => {
  it('an image and the layer cache survive a reload and read back in a worker; removing the image frees its blobs', async () => {
    await page.goto(server.url);
    await load();
    const stored = await page.evaluate(() => (window as unknown as { persistTest: { store(): Promise<{ ok: boolean; id: string; notices: string[] }> } }).persistTest.store());
    expect(stored).toMatchObject({ ok: true, notices: [] });

    await page.reload();
    await load();
    const back = (await page.evaluate(() => (window as unknown as { persistTest: { inWorker(): Promise<unknown> } }).persistTest.inWorker())) as ReadBack;
    expect(back.notices).toEqual([]);
    expect(back.id).toBe(stored.id);
    expect(back.usage).toMatchObject({ persistent: true, blobs: 3 });
    expect(back.cache).toEqual({ modeledMs: 7, text: 'cached' });
    expect(back.layers).toHaveLength(1);
    for (const l of back.layers) expect(l.actual).toBe(l.digest);

    expect(await page.evaluate(() => (window as unknown as { persistTest: { removeAll(): Promise<boolean> } }).persistTest.removeAll())).toBe(true);
    await page.reload();
    await load();
    const empty = (await page.evaluate(() => (window as unknown as { persistTest: { readBack(): Promise<unknown> } }).persistTest.readBack())) as ReadBack;
    expect(empty).toMatchObject({ images: 0, usage: { persistent: true, blobs: 0, blobBytes: 0 } });
    expect(empty.cache).toBeUndefined();
    expect(problems).toEqual([]);
  }, 60_000);
});
