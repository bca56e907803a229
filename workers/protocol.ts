/**
 * Messages between the thread that runs a build (the page's sandbox worker, the CLI) and its
 * stage workers.
 * Types only: every value here is structured-cloneable, and `PackedTree` buffers travel in
 * the transfer list (moved, not copied).
 */
import type { BuildEvent } from '#engine/progress';
import type { EngineErrorData } from '#engine/source';
import type { CacheLookup, WireStageDone, WireStageJob } from './stage-job-codec.ts';

/** Receives a stage's events (stage-local vertex numbers, stage-relative modeled times). */
export type EventSink = (events: readonly BuildEvent[]) => void;

/** What `stage.worker.ts` exposes. */
export interface StageWorkerApi {
  /**
   * Runs a stage's steps with the engine's `executeStage` (`stage-exec.ts`); step hooks
   * arrive through `sink` as stage-local vertex events; a step asks `lookup` for its cache
   * record. Rejects with an `EngineError`.
   */
  execStage(job: WireStageJob, buildId: number, sink: EventSink, lookup: CacheLookup, cancel?: SharedArrayBuffer): Promise<WireStageDone>;
  /** Aborts the job of `buildId` running here, if any (it then rejects with CANCELED). */
  cancel(buildId: number): void;
  /** Resolves once the worker is loaded (the pool's warm-up). */
  ping(): number;
}

/** A thrown error on the wire (comlink `throw` handler). */
export type WireError =
  | { readonly engine: EngineErrorData }
  | { readonly plain: { readonly name: string; readonly message: string; readonly stack?: string } }
  | { readonly other: unknown };

/** A started worker, whatever runs it (a Web Worker, a Node `worker_threads` Worker). */
export interface WorkerHandle {
  /** The comlink endpoint to `wrap()`. */
  readonly endpoint: import('comlink').Endpoint;
  /** Registers `cb` for the worker's death (uncaught error, out of memory, exit). */
  onDeath(cb: (reason: string) => void): void;
  /** Stops the worker at once. */
  terminate(): void;
}

/** Starts a worker running `stage.worker.ts`. */
export type SpawnWorker = () => WorkerHandle;
