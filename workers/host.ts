/**
 * What a worker module needs from where it runs. In browsers: the worker global is the
 * endpoint and stage workers are module Web Workers. In Node, `node-boot.mjs` installs
 * `globalThis.stageplayHost` (comlink's node adapter over `worker_threads`) before it loads
 * the worker module. Nothing here imports `node:` modules.
 */
import type { Endpoint } from 'comlink';
import type { PlatformDeps } from '../engine/platform/types.ts';
import { webDeps } from '../engine/platform/web.ts';
import type { SpawnWorker } from './protocol.ts';

/** The host a Node boot script provides. */
export interface WorkerHost {
  /** This worker's endpoint (its parent port). */
  readonly endpoint: Endpoint;
  readonly spawn: SpawnWorker;
  /** Default pool size here. */
  readonly concurrency: number;
  /** Hashing and gzip for builds run here. */
  readonly platform: PlatformDeps;
}

declare global {
  var stageplayHost: WorkerHost | undefined;
}

/**
 * No spawner: worker modules must not name worker files here (a worker importing this file
 * would import itself, which vite refuses). Browsers spawn with `web-spawn.ts` (page) or
 * `web-spawn-stage.ts` (the coordinator worker).
 */
const noSpawn: SpawnWorker = () => {
  throw new Error('this host starts no workers: pass spawnWebWorker (web-spawn.ts) or spawnStageWebWorker (web-spawn-stage.ts)');
};

/** `navigator.hardwareConcurrency` capped at 8 (at least 1). */
export function browserConcurrency(): number {
  const n = typeof navigator === 'undefined' ? 1 : navigator.hardwareConcurrency || 1;
  return Math.max(1, Math.min(8, n));
}

/** The host of the current worker: Node's when the boot script installed one, else the browser's. */
export function currentHost(): WorkerHost {
  return globalThis.stageplayHost ?? { endpoint: globalThis as unknown as Endpoint, spawn: noSpawn, concurrency: browserConcurrency(), platform: webDeps };
}
