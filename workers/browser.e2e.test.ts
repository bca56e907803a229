/**
 * The stage pool in headless Chromium: a small page (workers/e2e/page.ts, bundled with
 * vite's JS API into a temp dir) runs `build()` of the lessons project with its stages on
 * two module Web Workers; the events show build-client and build-server on different
 * workers, overlapping in modeled time, and the image equals the Node build's. Two stages
 * that each build a large generated program overlap in real time too (`realMs`: when each
 * step really started and ended; the guide's stages take a few ms, less than a fresh
 * worker takes to load its base image, so their real spans need not meet).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { build as viteBuild } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '#engine/build';
import { PROJECT_DIR, readContext, testDeps } from '#engine/build/testing/project';
import type { BuildEvent } from '#engine/progress';
import { TWO_PROGRAMS_DOCKERFILE, twoProgramsFiles } from '#engine/testing/slow-build';
import { serveStatic } from '../web/e2e/static-server.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../web/e2e/chromium.ts';

const repo = resolve(import.meta.dirname, '..');
const DOCKERFILE = `${readFileSync(join(PROJECT_DIR, 'Dockerfile'), 'utf8')}
FROM scratch AS both
COPY --from=build-client /bin/client /bin/
COPY --from=build-server /bin/server /bin/
`;
const dec = new TextDecoder();
const files = readContext().filter((f) => f.type === 'file').map((f) => ({ path: f.path, text: dec.decode(f.content) }));

let tmp: string;
let server: Awaited<ReturnType<typeof serveStatic>>;
let browser: Browser;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'stageplay-pool-e2e-'));
  const root = join(tmp, 'src');
  await import('node:fs/promises').then((fs) => fs.mkdir(root, { recursive: true }));
  await writeFile(join(root, 'index.html'), `<!doctype html><meta charset="utf-8"><title>loading</title><script type="module" src="./main.ts"></script>\n`);
  await writeFile(join(root, 'main.ts'), `import ${JSON.stringify(join(repo, 'workers/e2e/page.ts'))};\n`);
  await viteBuild({
    root, configFile: false, logLevel: 'error', base: './',
    build: { outDir: join(tmp, 'dist'), emptyOutDir: true, target: 'es2022' },
    worker: { format: 'es' },
  });
  server = await serveStatic(join(tmp, 'dist'));
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH, headless: true,
    args: [...CHROMIUM_ARGS],
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

type Start = Extract<BuildEvent, { kind: 'vertex-start' }>;

describe('stage workers in Chromium', () => {
  it('runs build-client and build-server on different Web Workers, overlapping', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => void (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico') && errors.push(`${m.text()} (${m.location().url})`)));
    await page.goto(new URL("index.html", server.url).href);
    await page.waitForFunction(() => document.title === 'ready', undefined, { timeout: 30_000 }).catch((e: Error) => {
      throw new Error(`${e.message}\n${errors.join('\n')}`);
    });
    const { events, imageId } = await page.evaluate(([f, d]) => window.runPoolBuild(f, d, 'both', 2), [files, DOCKERFILE] as const);
    expect(errors).toEqual([]);
    const span = (stage: string) => {
      const starts = events.filter((e): e is Start => e.kind === 'vertex-start' && e.name.startsWith(`[${stage} `));
      const ids = new Set(starts.map((s) => s.vertex));
      const done = events.filter((e) => e.kind === 'vertex-done' && ids.has(e.vertex)) as Extract<BuildEvent, { kind: 'vertex-done' }>[];
      return {
        workers: new Set(starts.map((s) => s.worker)),
        t: [Math.min(...starts.map((s) => s.t)), Math.max(...done.map((e) => e.t))] as const,
        real: [Math.min(...starts.map((s) => s.realMs ?? NaN)), Math.max(...done.map((e) => e.realMs ?? NaN))] as const,
      };
    };
    const client = span('build-client');
    const server2 = span('build-server');
    expect(client.workers.size).toBe(1);
    expect(server2.workers.size).toBe(1);
    const [wc] = client.workers;
    const [ws] = server2.workers;
    expect(wc).toBeGreaterThan(0);
    expect(ws).toBeGreaterThan(0);
    expect(wc).not.toBe(ws);
    // Overlap: each starts before the other ends, on the modeled clock.
    expect(client.t[0]).toBeLessThan(server2.t[1]);
    expect(server2.t[0]).toBeLessThan(client.t[1]);
    // The same image as the engine's build in Node.
    const enc = new TextEncoder();
    const context = files.map((f) => ({ path: f.path, type: 'file' as const, mode: 0o644, mtime: 1_700_000_000, content: enc.encode(f.text) }));
    const local = await build({ dockerfile: DOCKERFILE, target: 'both', context }, testDeps());
    expect(imageId).toBe(await local.images[0]!.configName()); // the image ID (uncompressed layers; gzip bytes differ between engines)

    // Two stages with real work (a 40k-function program each, a few hundred ms of go build): on the real clock too.
    const second = await page.evaluate(([f, d]) => window.runPoolBuild(f, d, '', 2), [twoProgramsFiles(40_000), TWO_PROGRAMS_DOCKERFILE] as const);
    const goBuild = (n: string) => {
      const start = second.events.find((e): e is Start => e.kind === 'vertex-start' && e.name === `[${n} 4/4] RUN go build -o /out/${n} .`)!;
      const done = second.events.find((e) => e.kind === 'vertex-done' && e.vertex === start.vertex) as Extract<BuildEvent, { kind: 'vertex-done' }>;
      return { worker: start.worker, real: [start.realMs!, done.realMs!] as const };
    };
    const a = goBuild('a');
    const b = goBuild('b');
    expect(a.worker).not.toBe(b.worker);
    expect(a.real[0]).toBeLessThan(b.real[1]);
    expect(b.real[0]).toBeLessThan(a.real[1]);
  }, 180_000);
});
