/**
 * Sends a worker's events in batches through a comlink-proxied sink: one message per
 * burst of events instead of one per log line. `flush()` resolves once the receiver has
 * handled everything sent, so a result posted afterwards never overtakes its events.
 */
import type { BuildEvent } from '../engine/progress/events.ts';

/** A batching wrapper around a (possibly remote) event sink. */
export interface EventBatch {
  push(event: BuildEvent): void;
  /** Sends what is buffered and waits until every batch sent so far was received. */
  flush(): Promise<void>;
}

/**
 * Batches events for `sink`. A batch leaves on the next macrotask, when `limit` events are
 * waiting, when `maxDelayMs` passed since the last one left, and at once for a step's start
 * or end, so progress keeps flowing while a CPU-bound step never yields to the event loop.
 */
export function eventBatch(sink: (events: BuildEvent[]) => unknown, limit = 256, maxDelayMs = 50): EventBatch {
  let buf: BuildEvent[] = [];
  let sentAt = Date.now();
  let last: Promise<unknown> = Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const send = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (buf.length === 0) return;
    const batch = buf;
    buf = [];
    sentAt = Date.now();
    last = Promise.resolve(sink(batch));
  };
  return {
    push(event) {
      buf.push(event);
      if (event.kind !== 'vertex-log' || buf.length >= limit || Date.now() - sentAt >= maxDelayMs) send();
      else timer ??= setTimeout(send, 0);
    },
    async flush() {
      send();
      await last;
    },
  };
}
