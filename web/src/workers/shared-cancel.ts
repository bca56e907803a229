/**
 * Ctrl+C that reaches a step while it runs. The engine's build wraps the caller's signal
 * in its own `AbortController` (the abort travels by event), and a busy worker rarely
 * returns to its event loop, so neither a `cancel` message nor `workers/cancel-flag.ts`'s
 * per-signal getter is seen before the step ends. Here every `signal.aborted` read in the
 * sandbox worker (the engine reads it between shell commands and after each tool) first
 * checks the raised shared flags and aborts their controllers, whose `abort` event then
 * reaches the engine's inner signals synchronously: the running step ends `CANCELED`.
 */

const watched = new Map<Int32Array, AbortController>();
let installed = false;

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

/** Abort `controller` once `buffer`'s flag is raised (seen at the next `aborted` read); returns the unwatch function. */
export function watchSharedFlag(controller: AbortController, buffer: SharedArrayBuffer | undefined): () => void {
  if (!buffer) return () => {};
  install();
  const cell = new Int32Array(buffer);
  watched.set(cell, controller);
  return () => watched.delete(cell);
}
