/**
 * Export throughput: the engine's archive export (tar → the layer gzip → sha256 of every
 * layer, plus the archive) against the machine's native tools on the same bytes
 * (`tar | gzip -6 | sha256sum`), measured in the same run, and the peak memory of the export.
 * Only bytes compressed in the timed run count (`countingDeps`).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { exportArchive, type Image } from '#engine/image';
import type { Chunks, PlatformDeps } from '#engine/platform';

/** `deps` whose gzip counts the bytes it compresses (a new object: no layer made with other deps is reused). */
export function countingDeps(deps: PlatformDeps): { deps: PlatformDeps; compressed: () => number } {
  let n = 0;
  async function* count(chunks: Chunks): AsyncGenerator<Uint8Array> {
    for await (const c of chunks) {
      n += c.byteLength;
      yield c;
    }
  }
  return {
    deps: { ...deps, gzip: { gunzip: (d) => deps.gzip.gunzip(d), gzip: (chunks, opts) => deps.gzip.gzip(count(chunks), opts) } },
    compressed: () => n,
  };
}

/** Result of one export measurement. */
export interface ExportMeasure {
  /** Uncompressed layer bytes the export went through. */
  readonly bytes: number;
  readonly ms: number;
  /** Highest `heapUsed + arrayBuffers` seen during the export, minus the value before it. */
  readonly peakBytes: number;
}

/**
 * Export `image` as a docker archive (discarding the bytes as a writer would), timing and
 * sampling memory; `compressed` counts the bytes the layer gzip took in (only those count).
 */
export async function measureExport(image: Image, compressed: () => number): Promise<ExportMeasure> {
  const mem = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const before = mem();
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, mem())), 5);
  const before0 = compressed();
  const t0 = performance.now();
  for await (const _chunk of exportArchive(image, { variant: 'docker', names: ['bench'] })) peak = Math.max(peak, mem());
  const ms = performance.now() - t0;
  clearInterval(timer);
  return { bytes: Math.max(compressed() - before0, 1), ms, peakBytes: peak - before };
}

/**
 * The native pipeline on the same uncompressed layer tars: `tar -cf - … | gzip -6 | sha256sum`
 * (files written beforehand, untimed). Returns MB/s of layer bytes.
 */
export async function nativeMbPerS(image: Image): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'stageplay-bench-'));
  try {
    const names: string[] = [];
    let bytes = 0;
    for (const [i, l] of (await image.layers()).entries()) {
      const tar = await l.uncompressed();
      bytes += tar.byteLength;
      writeFileSync(join(dir, `layer${i}.tar`), tar);
      names.push(`layer${i}.tar`);
    }
    const t0 = performance.now();
    execFileSync('sh', ['-c', `tar -cf - -C "${dir}" ${names.join(' ')} | gzip -6 | sha256sum`], { stdio: ['ignore', 'pipe', 'inherit'] });
    return bytes / 1e6 / ((performance.now() - t0) / 1000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
