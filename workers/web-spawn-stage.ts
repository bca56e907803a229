/** Starts a stage worker as a module Web Worker (browsers); its `error` event is its death. */
import type { SpawnWorker, WorkerHandle } from './protocol.ts';

/** Spawns `stage.worker.ts`. */
export const spawnStageWebWorker: SpawnWorker = () => {
  const w = new Worker(new URL('./stage.worker.ts', import.meta.url), { type: 'module', name: 'stageplay-stage' });
  return webHandle(w);
};

/** A Web Worker as a `WorkerHandle`. */
export function webHandle(w: Worker): WorkerHandle {
  return {
    endpoint: w,
    onDeath: (cb) => w.addEventListener('error', (e) => cb(e.message || 'the worker failed to load or crashed')),
    terminate: () => w.terminate(),
  };
}
