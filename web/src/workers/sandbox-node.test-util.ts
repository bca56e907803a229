/// <reference path="../../../workers/comlink-node-adapter.d.ts" />
/**
 * Tests only: the sandbox worker on a real Node thread (`worker_threads`), so a test sees
 * what the page sees (a busy worker, output crossing threads, Ctrl+C through shared
 * memory, `terminate()`). `spawnNodeSandbox` starts one; the thread runs this file.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import type { Endpoint } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import type { WorkerHandle } from '../lib/sandbox/worker-engine.ts';

const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
const BOOT = `const { register } = await import(${JSON.stringify(TSX)}); register(); await import(${JSON.stringify(import.meta.url)});`;

/** A sandbox worker thread, as `WorkerEngine` wants it. */
export function spawnNodeSandbox(): WorkerHandle {
  const w = new Worker(new URL(`data:text/javascript,${encodeURIComponent(BOOT)}`));
  let dead: string | undefined;
  const listeners: ((reason: string) => void)[] = [];
  const die = (reason: string) => {
    if (dead !== undefined) return;
    dead = reason;
    for (const cb of listeners) cb(reason);
  };
  w.on('error', (e) => die(`its worker failed: ${e.message}`));
  w.on('exit', () => die('its worker exited'));
  return {
    endpoint: nodeEndpoint(w as unknown as Parameters<typeof nodeEndpoint>[0]) as Endpoint,
    terminate: () => void w.terminate(),
    onDeath: (cb) => (dead !== undefined ? cb(dead) : listeners.push(cb)),
  };
}

if (!isMainThread && parentPort) {
  const [{ exposeSandbox }, { nodeDeps }] = await Promise.all([import('./sandbox-api.ts'), import('#engine/platform/node')]);
  exposeSandbox(nodeEndpoint(parentPort as unknown as Parameters<typeof nodeEndpoint>[0]) as Endpoint, nodeDeps);
}
