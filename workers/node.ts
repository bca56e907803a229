/**
 * The Node adapter: stage workers on `worker_threads`, wired with
 * comlink's node adapter, so the CLI and the tests build in parallel too. The only file
 * of `workers/` that imports `node:` modules.
 */
import { Worker, parentPort } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { nodeDeps } from '#engine/platform/node';
import type { SpawnWorker, WorkerHandle } from './protocol.ts';
import type { WorkerHost } from './host.ts';

const BOOT = new URL('./node-boot.mjs', import.meta.url);
const ENTRY = new URL('./stage.worker.ts', import.meta.url).href;

let stageBundlePath: string | undefined;

/** Start stage workers from this bundled module (`node-bundle.ts`) instead of through tsx. */
export function useStageBundle(path: string | undefined): void {
  stageBundlePath = path;
}

/** Options of `nodeSpawner`. */
export interface NodeWorkerOptions {
  /** V8 heap limits per worker; exceeding them kills the worker (`ERR_WORKER_OUT_OF_MEMORY`). */
  readonly resourceLimits?: { readonly maxOldGenerationSizeMb?: number; readonly maxYoungGenerationSizeMb?: number };
}

/** Starts workers on `worker_threads`. Death: an `error` event (uncaught, out of memory) or an exit. */
export function nodeSpawner(opts: NodeWorkerOptions = {}): SpawnWorker {
  return () => {
    const w = new Worker(stageBundlePath ? pathToFileURL(stageBundlePath) : BOOT, { workerData: { entry: ENTRY }, ...(opts.resourceLimits ? { resourceLimits: { ...opts.resourceLimits } } : {}) });
    let dead: string | undefined;
    const listeners: ((reason: string) => void)[] = [];
    const die = (reason: string): void => {
      if (dead !== undefined) return;
      dead = reason;
      for (const cb of listeners) cb(reason);
    };
    w.on('error', (e: Error & { code?: string }) => die(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `out of memory (${e.message})` : e.message));
    w.on('exit', (code) => die(`the worker exited (code ${code})`));
    const handle: WorkerHandle = {
      endpoint: nodeEndpoint(w as unknown as Parameters<typeof nodeEndpoint>[0]),
      onDeath: (cb) => (dead !== undefined ? cb(dead) : listeners.push(cb)),
      terminate: () => void w.terminate(),
    };
    return handle;
  };
}

/** `os.availableParallelism()`: the default pool size in Node. */
export function nodeConcurrency(): number {
  return Math.max(1, availableParallelism());
}

/** Installs the Node host for the worker module loaded next (called by `node-boot.mjs`). */
export function installNodeHost(): void {
  if (!parentPort) throw new Error('installNodeHost runs inside a worker thread');
  const host: WorkerHost = {
    endpoint: nodeEndpoint(parentPort as unknown as Parameters<typeof nodeEndpoint>[0]),
    concurrency: nodeConcurrency(),
    platform: nodeDeps,
  };
  globalThis.stageplayHost = host;
}
