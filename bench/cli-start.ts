/**
 * Start time of the `stageplay` command (`cli_start_ms`): `stageplay images` on an empty
 * store, run as package.json's `bin` runs it (`node dist-cli/stageplay.mjs`, plain JavaScript
 * built by `scripts/build-cli.mjs`), against `node -e 0` in the same run (`node_start_ms`),
 * with the development entry (`npm run cli`: tsx transpiling cli/main.ts) and `npx stageplay`
 * (npm's own start on top) beside it. Runs are interleaved and the median of each is reported.
 * Run alone with `npx tsx bench/cli-start.ts`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { REPO_ROOT } from '#engine/testing/shared';
import type { Emit } from './build.ts';

const RUNS = 9;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Wall time of one process, in ms; a failed run is an error, not a number. */
function timed(cmd: string, args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd: REPO_ROOT, encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status}):\n${r.stderr}`);
  return ms;
}

/** Emits `cli_start_ms` (with the others as fields) and `node_start_ms`. */
export async function benchCliStart(emit: Emit): Promise<void> {
  const bin = join(REPO_ROOT, 'dist-cli', 'stageplay.mjs');
  if (!existsSync(bin)) timed(process.execPath, [join(REPO_ROOT, 'scripts/build-cli.mjs')]);
  const root = mkdtempSync(join(tmpdir(), 'stageplay-bench-start-'));
  const images = ['images', '--root', root];
  const runs = {
    node: () => timed(process.execPath, ['-e', '0']),
    bin: () => timed(process.execPath, [bin, ...images]),
    tsx: () => timed(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...images]),
    npx: () => timed('npx', ['--offline', 'stageplay', ...images]),
  };
  const ms: Record<keyof typeof runs, number[]> = { node: [], bin: [], tsx: [], npx: [] };
  for (const f of Object.values(runs)) f(); // warm the file cache
  for (let i = 0; i < RUNS; i++) for (const [k, f] of Object.entries(runs)) ms[k as keyof typeof runs].push(f());
  const node = median(ms.node);
  const cli = median(ms.bin);
  emit('cli_start_ms', cli, 'ms', {
    target: 300, command: 'node dist-cli/stageplay.mjs images', node_e0_ms: Math.round(node), over_node_ms: Math.round(cli - node),
    tsx_ms: Math.round(median(ms.tsx)), npx_ms: Math.round(median(ms.npx)), runs: RUNS,
  });
  emit('node_start_ms', node, 'ms', { command: 'node -e 0' });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchCliStart((metric, value, unit, extra = {}) => process.stdout.write(JSON.stringify({ metric, value: Number(value.toFixed(3)), unit, ...extra }) + '\n'));
}
