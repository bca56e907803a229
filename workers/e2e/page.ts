/**
 * Entry of the stage-pool browser test page (bundled by `workers/browser.e2e.test.ts`):
 * `window.runPoolBuild(files, dockerfile, target, jobs)` runs the engine's `build()` with
 * its stages on `jobs` module Web Workers and resolves with the events and the image ID.
 */
import { build } from '#engine/build';
import { MemoryCacheMountStore, MemoryLayerCache } from '#engine/cache';
import { webDeps } from '#engine/platform/web';
import type { BuildEvent } from '#engine/progress';
import { spawnStageWebWorker } from '../web-spawn-stage.ts';
import { poolExecutor } from '../pool-executor.ts';
import { StagePool } from '../pool.ts';

declare global {
  interface Window {
    runPoolBuild(files: readonly { path: string; text: string }[], dockerfile: string, target: string, jobs: number): Promise<{ events: BuildEvent[]; imageId: string }>;
  }
}

window.runPoolBuild = async (files, dockerfile, target, jobs) => {
  const enc = new TextEncoder();
  const pool = new StagePool({ size: jobs, spawn: spawnStageWebWorker });
  const events: BuildEvent[] = [];
  try {
    const res = await build(
      { dockerfile, target, context: files.map((f) => ({ path: f.path, type: 'file' as const, mode: 0o644, mtime: 1_700_000_000, content: enc.encode(f.text) })) },
      { platform: webDeps, cache: new MemoryLayerCache(), cacheMounts: new MemoryCacheMountStore(), now: () => 1_700_000_000_000 },
      { stages: poolExecutor(pool), onEvent: (e) => void events.push(e) },
    );
    return { events, imageId: await res.images[0]!.configName() };
  } finally {
    pool.dispose();
  }
};
document.title = 'ready';
