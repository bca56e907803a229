/**
 * Cancellation that reaches a busy worker. A worker running engine code rarely returns
 * to its event loop (the engine's awaits resolve as microtasks), so a `cancel` message
 * waits until the build ends. A shared flag does not wait: the canceller sets one
 * `Int32Array` cell, and the worker's signal reads it each time the engine checks
 * `signal.aborted` (between steps, between shell commands). Without `SharedArrayBuffer`
 * (a page that is not cross-origin isolated) the message path still works, later.
 */

/** The canceller's side of a flag. */
export interface CancelFlag {
  /** Pass this to the worker (undefined where shared memory is unavailable). */
  readonly buffer: SharedArrayBuffer | undefined;
  /** Raises the flag. */
  set(): void;
}

/** A new, lowered flag. */
export function cancelFlag(): CancelFlag {
  const shared = typeof SharedArrayBuffer === 'function' && (typeof crossOriginIsolated === 'undefined' || crossOriginIsolated);
  const buffer = shared ? new SharedArrayBuffer(4) : undefined;
  const cell = buffer ? new Int32Array(buffer) : undefined;
  return { buffer, set: () => cell && Atomics.store(cell, 0, 1) };
}

const watched = new Map<Int32Array, AbortController>();
let installed = false;

/**
 * Makes every `signal.aborted` read in this thread first check the raised flags. The
 * engine wraps the caller's signal in its own controllers (the abort travels by event), so
 * patching one signal would not reach the reads deep in a step: checking at any read does,
 * and aborting the watched controller then reaches the inner signals synchronously.
 */
function install(): void {
  if (installed) return;
  installed = true;
  const native = Object.getOwnPropertyDescriptor(AbortSignal.prototype, 'aborted')!.get!;
  Object.defineProperty(AbortSignal.prototype, 'aborted', {
    configurable: true,
    get(this: AbortSignal): boolean {
      for (const [cell, controller] of watched) {
        if (Atomics.load(cell, 0) === 1) {
          watched.delete(cell);
          controller.abort();
        }
      }
      return native.call(this) as boolean;
    },
  });
}

/**
 * Aborts `controller` once `buffer`'s flag is raised, at the first read of any signal's
 * `aborted` in this thread after that (the engine reads it between steps, between shell
 * commands, after each tool). Returns the function that stops watching.
 */
export function watchFlag(controller: AbortController, buffer: SharedArrayBuffer | undefined): () => void {
  if (!buffer) return () => {};
  install();
  const cell = new Int32Array(buffer);
  watched.set(cell, controller);
  return () => watched.delete(cell);
}
