/**
 * What a worker module needs from where it runs. In browsers: the worker global is the
 * endpoint. In Node, `node-boot.mjs` installs
 * `globalThis.stageplayHost` (comlink's node adapter over `worker_threads`) before it loads
 * the worker module. Nothing here imports `node:` modules.
 */
import type { Endpoint } from 'comlink';
import type { PlatformDeps } from '#engine/platform';
import { webDeps } from '#engine/platform/web';

/** The host a Node boot script provides. */
export interface WorkerHost {
  /** This worker's endpoint (its parent port). */
  readonly endpoint: Endpoint;
  /** Default pool size here. */
  readonly concurrency: number;
  /** Hashing and gzip for builds run here. */
  readonly platform: PlatformDeps;
}

declare global {
  var stageplayHost: WorkerHost | undefined;
}

/** `navigator.hardwareConcurrency` capped at 8 (at least 1). */
export function browserConcurrency(): number {
  const n = typeof navigator === 'undefined' ? 1 : navigator.hardwareConcurrency || 1;
  return Math.max(1, Math.min(8, n));
}

/** The host of the current worker: Node's when the boot script installed one, else the browser's. */
export function currentHost(): WorkerHost {
  return globalThis.stageplayHost ?? { endpoint: globalThis as unknown as Endpoint, concurrency: browserConcurrency(), platform: webDeps };
}
