/**
 * Canonical progress for stages that run off this thread: each stage reports through its
 * own `Progress` (stage-local vertex numbers, times relative to its start); an
 * `EventMerger` orders them by (modeled time, stage rank, arrival) and the result is
 * replayed into the build's `Progress`, so `#N` numbers, times and order are the same
 * whatever the number of workers and however they are scheduled. A replayed event keeps
 * the real time it arrived at (`realMs`), not the later time the merge released it, so a
 * real-time timeline shows parallel steps as they really ran.
 */
import type { BuildEvent } from '../progress/events.ts';
import { EventMerger } from './parallel-events.ts';
import { Progress, type Vertex } from './progress.ts';

/** What a replayed event is tagged with on its way out: its stage's worker and its arrival's real time. */
export interface ReplayTag {
  readonly worker?: number;
  readonly realMs?: number;
}

/** Per-stage progress whose events reach the build's progress in canonical order. */
export interface StageMerge {
  /** The progress of stage `idx`, which starts at absolute modeled time `start`. */
  stage(idx: number, start: number): Progress;
  /** Stage `idx` runs on worker `id` (its later events carry it). */
  worker(idx: number, id: number): void;
  /** Stage `idx` ended at absolute modeled time `end`. */
  finish(idx: number, end: number): void;
  /** The stages are over (done, failed or canceled): replay whatever is left. */
  flush(): void;
}

/**
 * @param order the stages, dependencies first
 * @param deps each stage's dependencies
 * @param origin absolute modeled time the stages may start
 * @param main the build's progress
 * @param tag told the worker and arrival time of each replayed event, then `undefined` (the build tags its events with them)
 */
export function stageMerger(
  order: readonly number[], deps: (s: number) => readonly number[], origin: number, main: Progress,
  tag?: (t: ReplayTag | undefined) => void,
): StageMerge {
  const vertexes = new Map<number, Vertex>();
  const workers = new Map<number, number>();
  const merger = new EventMerger(order, deps, (e) => replay(e), 1);
  const offsets = new Map<number, number>();

  const replay = (e: BuildEvent): void => {
    if (e.kind === 'warning') return void main.warning(e);
    tag?.({ ...(e.worker !== undefined ? { worker: e.worker } : {}), ...(e.realMs !== undefined ? { realMs: e.realMs } : {}) });
    try {
      if (e.kind === 'vertex-start') {
        vertexes.set(e.vertex, main.start(e.name, origin + e.t, e.stage));
        return;
      }
      const v = vertexes.get(e.vertex);
      if (!v) return;
      if (e.kind === 'vertex-status') main.status(v, e.id, origin + e.started, e.completed !== undefined ? origin + e.completed : undefined, e.current, e.total);
      else if (e.kind === 'vertex-log') main.log(v, e.data, e.stream, origin + e.t);
      else if (e.kind === 'vertex-done') {
        main.done(v, origin + e.t, {
          ...(e.cached ? { cached: true } : {}), ...(e.error !== undefined ? { error: e.error } : {}), ...(e.canceled ? { canceled: true } : {}),
          ...(e.cause ? { cause: e.cause } : {}),
        });
      }
    } finally {
      tag?.(undefined);
    }
  };

  return {
    stage(idx, start) {
      const off = origin + merger.startOf(idx);
      offsets.set(idx, off);
      // `start` may be later than the merger's start (a pull shared with another stage): times stay absolute - off.
      void start;
      return new Progress((e) => {
        if (e.kind === 'warning') return void merger.push(idx, e);
        const w = workers.get(idx);
        const shifted = { ...e, t: e.t - off, ...(w !== undefined ? { worker: w } : {}) } as BuildEvent;
        if (shifted.kind === 'vertex-status') {
          merger.push(idx, { ...shifted, started: shifted.started - off, ...(shifted.completed !== undefined ? { completed: shifted.completed - off } : {}) });
        } else merger.push(idx, shifted);
      }, main.origin);
    },
    worker(idx, id) {
      workers.set(idx, id);
    },
    finish(idx, end) {
      merger.finish(idx, end - (offsets.get(idx) ?? origin + merger.startOf(idx)));
    },
    flush() {
      merger.flush();
    },
  };
}
