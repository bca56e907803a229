import type { Range } from '../source/range.ts';

/**
 * What a build reports while it runs, in the shape of BuildKit's SolveStatus: vertexes
 * (`#N name`) that start, log, show sub-statuses and finish. Times are *modeled*
 * milliseconds since the build started (deterministic, what a real machine would take);
 * `realMs` is the wall-clock time the sandbox actually spent, for timelines.
 */
export type BuildEvent = VertexStart | VertexLog | VertexStatus | VertexDone | BuildWarning;

interface Timed {
  /** Modeled milliseconds since the build started. */
  readonly t: number;
  /** Wall-clock milliseconds since the build started (the sandbox's own time). */
  readonly realMs?: number;
  /** Which worker ran it (0 = the coordinator). */
  readonly worker?: number;
}

export interface VertexStart extends Timed {
  readonly kind: 'vertex-start';
  /** The `#N` number, 1-based, in order of first appearance. */
  readonly vertex: number;
  /** e.g. `[base 2/5] WORKDIR /src`, `[internal] load build definition from Dockerfile`. */
  readonly name: string;
  /** The stage this step belongs to, for graphs and timelines. */
  readonly stage?: string;
}

export interface VertexLog extends Timed {
  readonly kind: 'vertex-log';
  readonly vertex: number;
  /** Raw output; may hold several lines or a partial one. */
  readonly data: string;
  readonly stream: 'stdout' | 'stderr';
}

/** A sub-row such as `transferring context: 3.21kB done` or `naming to ... done`. */
export interface VertexStatus extends Timed {
  readonly kind: 'vertex-status';
  readonly vertex: number;
  readonly id: string;
  readonly current?: number;
  readonly total?: number;
  /** Modeled start of this status; with `completed`, the printed duration. */
  readonly started: number;
  readonly completed?: number;
}

export interface VertexDone extends Timed {
  readonly kind: 'vertex-done';
  readonly vertex: number;
  readonly cached?: boolean;
  /** BuildKit's error text for the vertex (`process "/bin/sh -c x" did not complete successfully: exit code: 1`). */
  readonly error?: string;
  readonly canceled?: boolean;
  /**
   * Why a step (`[stage n/m] INSTR ...`) was CACHED or ran, found by comparing its cache
   * key's inputs with the most recent earlier record of the same step (same stage
   * position, same parent chain) in the layer cache. Absent on internal vertexes
   * (`[internal] ...`, base image resolution, exports). stageplay's own; BuildKit has none.
   */
  readonly cause?: CacheCause;
}

/**
 * The cache decision for one step and its first cause. One discriminated union on `kind`:
 * - `cached`: the key matched a record; the step did not run.
 * - `first-build`: no earlier record of this step (nothing to compare with).
 * - `no-cache`: `--no-cache` (or `--no-cache-filter` naming the stage) made it run.
 * - `instruction-changed`: the instruction's text, as keyed, differs (`before` → `after`).
 * - `files-changed`: a file it copies (COPY/ADD source in the context or a stage) changed,
 *   was added or removed; `paths` relative to the context (or the source stage's root),
 *   sorted, capped; `more` counts the ones left off.
 * - `build-arg-changed`: a build argument the step uses has another value (absent = unset).
 * - `parent-ran`: the step before it ran, so its key changed; `vertex`/`name` name the
 *   first step up the chain that ran for its own cause.
 * - `mount-changed`: a RUN mount's source (bind from the context or a stage, cache `from`)
 *   changed; `target` is the mount's target, `paths` what changed in its source.
 * - `base-changed`: the FROM image `ref` now resolves to another digest (`before` → `after`).
 * - `unknown`: the inputs cannot be compared (e.g. an older cache record that kept none);
 *   `reason` says why, e.g. "the cache has no record of this step's inputs".
 */
export type CacheCause =
  | { readonly kind: 'cached' }
  | { readonly kind: 'first-build' }
  | { readonly kind: 'no-cache' }
  | { readonly kind: 'instruction-changed'; readonly before: string; readonly after: string }
  | { readonly kind: 'files-changed'; readonly paths: readonly string[]; readonly more?: number }
  | { readonly kind: 'build-arg-changed'; readonly name: string; readonly before?: string; readonly after?: string }
  | { readonly kind: 'parent-ran'; readonly vertex: number; readonly name: string }
  | { readonly kind: 'mount-changed'; readonly target: string; readonly paths: readonly string[]; readonly more?: number }
  | { readonly kind: 'base-changed'; readonly ref: string; readonly before?: string; readonly after?: string }
  | { readonly kind: 'unknown'; readonly reason: string };

export interface BuildWarning {
  readonly kind: 'warning';
  readonly rule: string;
  readonly detail: string;
  readonly url?: string;
  readonly ranges: readonly Range[];
}
