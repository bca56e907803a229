/**
 * Entry of the export test page (bundled by `downloads.e2e.test.ts` and `bench/export-web.ts`):
 * the engine's `build()` in the page with the browser's platform services as the sandbox
 * worker has them (WebCrypto, the layer gzip on module Web Workers), so a test can compare
 * its image with the Node build's and a bench can time the layer gzip in Chromium.
 */
import { build } from '#engine/build';
import { MemoryCacheMountStore, MemoryLayerCache } from '#engine/cache';
import { webDeps, webGzipOn } from '#engine/platform/web';
import { webDeflaterPool } from '../src/workers/deflate-pool.ts';

interface PageFile {
  readonly path: string;
  readonly text: string;
}

/** What a build in the page made. */
export interface PageImage {
  readonly manifestDigest: string;
  readonly imageId: string;
  readonly layerDigests: readonly string[];
  readonly diffIds: readonly string[];
}

/** A timed compression of an image's layers in the page. */
export interface PageGzip {
  /** Uncompressed bytes compressed in the timed run. */
  readonly bytes: number;
  readonly ms: number;
  readonly diffIds: readonly string[];
  readonly digests: readonly string[];
}

declare global {
  interface Window {
    buildImage(files: readonly PageFile[], dockerfile: string, buildArgs: Record<string, string>): Promise<PageImage>;
    gzipLayers(files: readonly PageFile[], dockerfile: string, buildArgs: Record<string, string>): Promise<PageGzip>;
  }
}

const pool = webDeflaterPool(navigator.hardwareConcurrency || 1);
const deps = { ...webDeps, gzip: webGzipOn(pool) };
const enc = new TextEncoder();

async function run(files: readonly PageFile[], dockerfile: string, buildArgs: Record<string, string>) {
  const res = await build(
    { dockerfile, buildArgs, context: files.map((f) => ({ path: f.path, type: 'file' as const, mode: 0o644, mtime: 1_700_000_000, content: enc.encode(f.text) })) },
    { platform: deps, cache: new MemoryLayerCache(), cacheMounts: new MemoryCacheMountStore(), now: () => 1_700_000_000_000 },
  );
  return res.images[0]!;
}

window.buildImage = async (files, dockerfile, buildArgs) => {
  const img = await run(files, dockerfile, buildArgs);
  const layers = await img.layers();
  return {
    manifestDigest: await img.digest(),
    imageId: await img.configName(),
    layerDigests: await Promise.all(layers.map((l) => l.digest())),
    diffIds: await Promise.all(layers.map((l) => l.diffId())),
  };
};

window.gzipLayers = async (files, dockerfile, buildArgs) => {
  const img = await run(files, dockerfile, buildArgs);
  const layers = await img.layers();
  const tars: Uint8Array[] = [];
  for (const l of layers) tars.push(await l.uncompressed()); // untimed: the bytes to compress
  const digests: string[] = [];
  const gzip = webGzipOn(pool); // its own block cache: every block is deflated in the timed run
  const t0 = performance.now();
  for (const tar of tars) digests.push(`sha256:${await deps.hasher.sha256([await gzip.gzip([tar])])}`);
  const ms = performance.now() - t0;
  return { bytes: tars.reduce((n, t) => n + t.byteLength, 0), ms, diffIds: await Promise.all(layers.map((l) => l.diffId())), digests };
};

document.title = 'ready';
