/**
 * Messages between the page (or the CLI), the coordinator worker and the stage workers.
 * Types only: every value here is structured-cloneable, and `PackedTree` buffers travel in
 * the transfer list (moved, not copied).
 */
import type { PackedTree } from '../engine/fs/transfer.ts';
import type { BuildRequest, OutputResult } from '../engine/build/types.ts';
import type { LintWarning } from '../engine/dockerfile/instructions/lint/linter.ts';
import type { BuildEvent } from '../engine/progress/events.ts';
import type { EngineErrorData } from '../engine/source/errors.ts';
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

/** What a full engine build (`engine/build`'s `build()`) returns across the boundary. */
export interface WireBuildResult {
  /** Archives and files of each `-o` output (archive buffers are transferred). */
  readonly outputs: readonly OutputResult[];
  readonly warnings: readonly LintWarning[];
  readonly modeledMs: number;
  /** Manifest digest of each image built, in platform order. */
  readonly imageDigests: readonly string[];
  /** The target's root filesystem per platform (lazy base-image files by reference). */
  readonly filesystems: readonly PackedTree[];
}

/** What `coordinator.worker.ts` exposes. */
export interface CoordinatorApi {
  /**
   * Runs the engine's whole build (front end, stages, exports) in the coordinator, off the
   * page's thread, with the workspace's layer cache kept between builds. Newest build wins.
   * With `jobs` > 1 the stages run on that many stage workers (nested workers in browsers).
   */
  buildImage(request: BuildRequest, sink: EventSink, cancel?: SharedArrayBuffer, jobs?: number): Promise<WireBuildResult>;
  /** Cancels the running build (it rejects with CANCELED); reaches a busy coordinator only through the shared flag. */
  cancel(): void;
  /** Starts the stage workers now; resolves with the pool size. */
  warmUp(jobs?: number): Promise<number>;
  /** Stops every stage worker. */
  dispose(): void;
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

/** Starts a worker running `stage.worker.ts` (or `coordinator.worker.ts`). */
export type SpawnWorker = (kind: 'stage' | 'coordinator') => WorkerHandle;
