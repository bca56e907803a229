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

/**
 * `controller.signal`, made to also report aborted (and fire `abort`) once `buffer`'s flag
 * is raised, at the first read of `signal.aborted` after that.
 */
export function watchFlag(controller: AbortController, buffer: SharedArrayBuffer | undefined): AbortSignal {
  const signal = controller.signal;
  if (!buffer) return signal;
  const cell = new Int32Array(buffer);
  const native = Object.getOwnPropertyDescriptor(AbortSignal.prototype, 'aborted')!.get!;
  Object.defineProperty(signal, 'aborted', {
    configurable: true,
    get(): boolean {
      if (!native.call(signal) && Atomics.load(cell, 0) === 1) controller.abort();
      return native.call(signal) as boolean;
    },
  });
  return signal;
}
