/**
 * `npm run bench`: prints one JSON object per line, `{"metric", "value", "unit"}`.
 * Targets live here, not in tests (tests must be deterministic).
 */
import { performance } from 'node:perf_hooks';
import { loadDockerfile } from '#engine/frontend';
import { largeDockerfile } from '#engine/testing/dockerfile-gen';
import { benchBuild } from './build.ts';
import { benchExportWeb } from './export-web.ts';
import { benchCliStart } from './cli-start.ts';
import { benchWorkers } from './workers.ts';
import { benchWeb } from './web.ts';
import { filler } from '#engine/catalog';

function emit(metric: string, value: number, unit: string, extra: Record<string, unknown> = {}): void {
  process.stdout.write(JSON.stringify({ metric, value: Number(value.toFixed(3)), unit, ...extra }) + '\n');
}

/** Median of `runs` timings of `fn` after `warmup` untimed calls. */
function medianMs(fn: () => void, runs = 30, warmup = 5): number {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const big = largeDockerfile(1000, 50);
const lines = big.split('\n').length - 1;
emit('parse_graph_ms', medianMs(() => loadDockerfile(big, { target: 'stage49' })), 'ms', { target: 20, lines, stages: 50 });

{
  // deterministic base-image filler: generated on demand for exports and file reads
  const size = 32 << 20;
  filler('warm', 4 << 20, 0.55);
  const ms = medianMs(() => filler('bench', size, 0.55), 5, 1);
  emit('filler_mb_per_s', size / (1 << 20) / (ms / 1000), 'MB/s');
}

await benchCliStart(emit);
await benchBuild(emit);
await benchExportWeb(emit);
await benchWorkers(emit);
await benchWeb(emit);
