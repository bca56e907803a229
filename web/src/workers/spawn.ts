/**
 * Starting the sandbox worker in the page (a module worker Vite bundles as its own chunk).
 * Death: the worker's `error` event (it threw at load or crashed); `WorkerEngine` adds
 * `kill()` and a ping watchdog for the rest (a worker killed for memory may say nothing).
 */
import type { WorkerHandle } from '../lib/sandbox/worker-engine.ts';

/** A fresh sandbox worker. */
export function spawnSandboxWorker(): WorkerHandle {
  const w = new Worker(new URL('./sandbox.worker.ts', import.meta.url), { type: 'module', name: 'stageplay-sandbox' });
  return {
    endpoint: w,
    terminate: () => w.terminate(),
    onDeath(cb) {
      w.addEventListener('error', (e) => {
        e.preventDefault();
        cb(e.message ? `its worker failed: ${e.message}` : 'its worker failed to load or crashed');
      });
      w.addEventListener('messageerror', () => cb('its worker sent a message that could not be read'));
    },
  };
}
