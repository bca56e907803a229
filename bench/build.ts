/**
 * Build metrics for `npm run bench`:
 * - `build_tutorial_ms`: the guide's final Dockerfile (chapter 8, `--target binaries`,
 *   `--output bin`), warm (JIT and base-image trees), empty layer cache; engine time, plus
 *   making the output files' bytes (what the CLI then writes);
 * - `rebuild_cached_ms`: the same build again with the cache it filled (every step CACHED);
 * - `export_mb_per_s` / `native_mb_per_s` / their ratio: exporting the single-stage golang
 *   image as a docker archive against `tar | gzip -6 | sha256sum` on the same bytes;
 * - `export_peak_mb`: memory held during that export (heap + array buffers, sampled).
 * Run alone with `npx tsx bench/build.ts`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { build, MemoryCacheMountStore, MemoryLayerCache, type BuildRequest, type LayerCache } from '../engine/build/index.ts';
import { loadContent } from '../engine/fs/index.ts';
import { nodeDeps } from '../engine/platform/node.ts';
import { sharedPath, REPO_ROOT } from '../engine/testing/shared.ts';
import { readContextDir } from '../cli/context-dir.ts';
import { measureExport, nativeMbPerS } from './export.ts';

/** The Dockerfile under `### chapters/<n>.Dockerfile` in the shared guide. */
function guideDockerfile(chapter: number): string {
  const guide = readFileSync(sharedPath('docs', 'guide.md'), 'utf8');
  const at = guide.indexOf(`### chapters/${chapter}.Dockerfile`);
  const m = /```dockerfile\n([\s\S]*?)```/.exec(guide.slice(at));
  if (at < 0 || !m) throw new Error(`guide.md has no chapters/${chapter}.Dockerfile`);
  return m[1]!;
}

const SINGLE_STAGE = '# syntax=docker/dockerfile:1\nFROM golang:1.20-alpine\nWORKDIR /src\nCOPY . .\nRUN go mod download\n' +
  'RUN go build -o /bin/client ./cmd/client\nRUN go build -o /bin/server ./cmd/server\nENTRYPOINT [ "/bin/server" ]\n';

/** Build time, including making the bytes of a local output's files (generated files are lazy until written). */
async function timeBuild(req: BuildRequest, cache: LayerCache): Promise<number> {
  const t0 = performance.now();
  const r = await build(req, { platform: nodeDeps, cache, cacheMounts: new MemoryCacheMountStore(), now: () => 1_767_322_800_000 });
  for (const o of r.outputs) for (const f of o.files ?? []) if (f.content) loadContent(f.content);
  return performance.now() - t0;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** How a metric is reported (`bench/run.ts`'s `emit`). */
export type Emit = (metric: string, value: number, unit: string, extra?: Record<string, unknown>) => void;

/** Emits the build and export metrics. */
export async function benchBuild(emit: Emit): Promise<void> {
  const context = readContextDir(join(REPO_ROOT, 'lessons/project'));
  const tutorial: BuildRequest = { dockerfile: guideDockerfile(8), context, target: 'binaries', outputs: [{ type: 'local', dest: 'bin' }] };
  for (let i = 0; i < 3; i++) await timeBuild(tutorial, new MemoryLayerCache()); // warm-up
  const cold: number[] = [];
  const cached: number[] = [];
  for (let i = 0; i < 7; i++) {
    const cache = new MemoryLayerCache();
    cold.push(await timeBuild(tutorial, cache));
    cached.push(await timeBuild(tutorial, cache));
  }
  emit('build_tutorial_ms', median(cold), 'ms', { target: 50, dockerfile: 'guide chapter 8, --target binaries' });
  emit('rebuild_cached_ms', median(cached), 'ms', { target: 10 });

  const single: BuildRequest = { dockerfile: SINGLE_STAGE, context, tags: ['buildme'] };
  const result = await build(single, { platform: nodeDeps, cache: new MemoryLayerCache(), cacheMounts: new MemoryCacheMountStore(), now: () => 1_767_322_800_000 });
  // A fresh build result each time: layers memoise their blobs, so a second export would be free.
  const fresh = async () => (await build(single, { platform: nodeDeps, cache: new MemoryLayerCache(), cacheMounts: new MemoryCacheMountStore(), now: () => 1_767_322_800_000 })).images[0]!;
  const m = await measureExport(await fresh());
  const exportRate = m.bytes / 1e6 / (m.ms / 1000);
  const native = await nativeMbPerS(result.images[0]!);
  emit('export_mb_per_s', exportRate, 'MB/s', { bytes: m.bytes, image: 'single-stage golang:1.20-alpine' });
  emit('native_mb_per_s', native, 'MB/s', { pipeline: 'tar | gzip -6 | sha256sum' });
  emit('export_native_ratio', exportRate / native, 'ratio', { target: 0.7 });
  emit('export_peak_mb', m.peakBytes / 1e6, 'MB', { measure: 'heapUsed + arrayBuffers, sampled every 5 ms' });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchBuild((metric, value, unit, extra = {}) => process.stdout.write(JSON.stringify({ metric, value: Number(value.toFixed(3)), unit, ...extra }) + '\n'));
}
