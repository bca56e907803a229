/**
 * Sends a build's events in batches: one message per burst of events instead of one per
 * log line. The one batcher of the project: a stage worker's events to the sandbox's
 * thread (a comlink-proxied sink), and the sandbox worker's live build view to the page
 * (`web/src/lib/sandbox`). `flush()` resolves once the receiver has handled everything sent,
 * so a result posted afterwards never overtakes its events.
 */
import type { BuildEvent } from '#engine/progress';

/** A batching wrapper around a (possibly remote) event sink. */
export interface EventBatch {
  push(event: BuildEvent): void;
  /** Sends what is buffered and waits until every batch sent so far was received. */
  flush(): Promise<void>;
}

export interface EventBatchOptions {
  /** How long an event may wait on a timer for others to join its batch, ms (default 0: the next macrotask). */
  readonly holdMs?: number;
  /** A batch leaves at the next push once its oldest event waited this long, even when no timer can fire (a CPU-bound step), ms (default 50). */
  readonly maxDelayMs?: number;
  /** A batch leaves when this many events wait (default 256). */
  readonly limit?: number;
}

/**
 * Batches events for `sink`. A step's start or end leaves at once (with what waited before
 * it); other events leave when the timer fires (`holdMs`), when `limit` are waiting, or at a
 * push once the oldest waited `maxDelayMs`, so progress keeps flowing while a CPU-bound step
 * never yields to the event loop.
 */
export function eventBatch(sink: (events: BuildEvent[]) => unknown, options: EventBatchOptions = {}): EventBatch {
  const { holdMs = 0, maxDelayMs = 50, limit = 256 } = options;
  let buf: BuildEvent[] = [];
  /** When the oldest waiting event was pushed. */
  let firstAt = 0;
  let last: Promise<unknown> = Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const send = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (buf.length === 0) return;
    const batch = buf;
    buf = [];
    last = Promise.resolve(sink(batch));
  };
  return {
    push(event) {
      if (buf.length === 0) firstAt = Date.now();
      buf.push(event);
      const step = event.kind === 'vertex-start' || event.kind === 'vertex-done';
      if (step || buf.length >= limit || Date.now() - firstAt >= maxDelayMs) send();
      else timer ??= setTimeout(send, holdMs);
    },
    async flush() {
      send();
      await last;
    },
  };
}
