/**
 * `--jobs N` (a stageplay flag, not docker's): how many stage workers a CLI build runs on.
 * Default `os.availableParallelism()`; `--jobs 1` builds in this thread. Workers are
 * `worker_threads` running `workers/stage.worker.ts` with the engine's `executeStage`.
 */
import { availableParallelism } from 'node:os';
import type { StageExecutor } from '#engine/build';
import { nodeSpawner } from '../workers/node.ts';
import { prepareStageBundle } from '../workers/node-bundle.ts';
import { poolExecutor } from '../workers/pool-executor.ts';
import { StagePool } from '../workers/pool.ts';

/** The number of stage workers for `--jobs` (undefined: the machine's parallelism). */
export function jobCount(jobs: number | undefined): number {
  return Math.max(1, jobs ?? availableParallelism());
}

/**
 * Runs `fn` with a stage executor for `jobs` workers (none for 1: in-process), then stops
 * the workers, whatever `fn` did.
 */
export async function withStageWorkers<T>(jobs: number | undefined, fn: (stages: StageExecutor | undefined) => Promise<T>): Promise<T> {
  const n = jobCount(jobs);
  if (n <= 1) return fn(undefined);
  await prepareStageBundle();
  const pool = new StagePool({ size: n, spawn: nodeSpawner() });
  try {
    return await fn(poolExecutor(pool));
  } finally {
    pool.dispose();
  }
}
