/**
 * Runs a build's stages on up to `jobs` runners at once, following the pure scheduler
 * (`schedule()`, critical path first). The result does not depend on `jobs` or on timing:
 * outputs are keyed by stage, and events go through `EventMerger`'s canonical order. When
 * a stage fails, the others are canceled (BuildKit cancels the solve) and the build
 * rejects with the failing stage's error.
 */
import { schedule } from '../graph/schedule.ts';
import type { BuildGraph } from '../graph/types.ts';
import type { BuildEvent } from '../progress/events.ts';
import { EngineError } from '../source/errors.ts';
import { CanceledError } from '../exec/index.ts';
import { EventMerger } from './parallel-events.ts';
import type { StageEvent, StageOutput, StageRunContext } from './stage-runner.ts';

/** Runs one stage given its dependencies' outputs (a `StageRunner` or a worker pool). */
export type RunOne = (stage: number, deps: ReadonlyMap<number, StageOutput>, ctx: StageRunContext) => Promise<StageOutput>;

/** Options of `runStagesParallel`. */
export interface ParallelOptions {
  /** How many stages may run at once (≥ 1). */
  readonly jobs: number;
  readonly signal?: AbortSignal;
  /** Merged events: global `#N` numbers, absolute modeled times, canonical order. */
  onEvent?(event: BuildEvent): void;
  /** `#N` of the first stage vertex (default 1; the caller's own vertices come first). */
  readonly firstVertex?: number;
  /** Scheduler cost hints by stage (e.g. step counts). */
  readonly cost?: ReadonlyMap<number, number>;
}

/** What `runStagesParallel` returns. */
export interface ParallelResult {
  readonly outputs: ReadonlyMap<number, StageOutput>;
  /** Modeled end of the last stage, ms. */
  readonly modeledMs: number;
  /** The next free `#N`. */
  readonly nextVertex: number;
}

/** Stage → the stages it needs, within `order`. */
export function stageDeps(graph: BuildGraph, order: readonly number[]): Map<number, number[]> {
  const inSet = new Set(order);
  const deps = new Map<number, number[]>(order.map((s) => [s, []]));
  for (const e of graph.edges) {
    if (typeof e.from === 'number' && e.from !== e.to && inSet.has(e.from) && inSet.has(e.to) && !deps.get(e.to)!.includes(e.from)) {
      deps.get(e.to)!.push(e.from);
    }
  }
  return deps;
}

/**
 * Runs every stage of `order` (dependencies first, e.g. the front end's `order`) with
 * `run`, at most `opts.jobs` at a time.
 */
export async function runStagesParallel(graph: BuildGraph, order: readonly number[], run: RunOne, opts: ParallelOptions): Promise<ParallelResult> {
  const deps = stageDeps(graph, order);
  let vertices = 0;
  const merger = new EventMerger(order, (s) => deps.get(s)!, (e) => {
    if (e.kind !== 'warning') vertices = Math.max(vertices, e.vertex);
    opts.onEvent?.(e);
  }, opts.firstVertex ?? 1);
  const outputs = new Map<number, StageOutput>();
  const running = new Map<number, Promise<void>>();
  const inner = new AbortController();
  const abort = () => inner.abort();
  opts.signal?.addEventListener('abort', abort, { once: true });
  if (opts.signal?.aborted) inner.abort();
  let failure: { error: unknown } | undefined;

  const start = (stage: number): void => {
    merger.startOf(stage);
    const mine = new Map(deps.get(stage)!.map((d) => [d, outputs.get(d)!]));
    const ctx: StageRunContext = { signal: inner.signal, onEvent: (e: StageEvent) => merger.push(stage, e) };
    const p = run(stage, mine, ctx).then(
      (out) => {
        outputs.set(stage, out);
        merger.finish(stage, out.modeledMs);
      },
      (error: unknown) => {
        // The first real failure wins; siblings canceled because of it only report CANCELED.
        if (!failure || (isCanceled(failure.error) && !isCanceled(error))) failure = { error };
        inner.abort();
      },
    ).finally(() => running.delete(stage));
    running.set(stage, p);
  };

  try {
    for (;;) {
      if (!failure && !inner.signal.aborted) {
        const free = Math.max(1, opts.jobs) - running.size;
        const next = schedule({ graph, stages: order, done: new Set(outputs.keys()), running: new Set(running.keys()), freeWorkers: free, cost: opts.cost });
        for (const s of next) start(s);
      }
      if (running.size === 0) break;
      await Promise.race(running.values());
    }
  } finally {
    opts.signal?.removeEventListener('abort', abort);
    merger.flush();
  }
  if (failure) throw failure.error;
  if (inner.signal.aborted || outputs.size < order.length) throw new CanceledError();
  return { outputs, modeledMs: merger.modeledEnd, nextVertex: Math.max(vertices + 1, opts.firstVertex ?? 1) };
}

function isCanceled(e: unknown): boolean {
  return e instanceof EngineError && e.code === 'canceled';
}
