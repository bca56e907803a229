/** Starts stage or coordinator workers as module Web Workers (for the page's thread). */
import type { SpawnWorker } from './protocol.ts';
import { spawnStageWebWorker, webHandle } from './web-spawn-stage.ts';

/** Starts a module Web Worker (browsers); its `error` event is its death. */
export const spawnWebWorker: SpawnWorker = (kind) =>
  kind === 'stage'
    ? spawnStageWebWorker(kind)
    : webHandle(new Worker(new URL('./coordinator.worker.ts', import.meta.url), { type: 'module', name: 'stageplay-coordinator' }));
