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
}

export interface BuildWarning {
  readonly kind: 'warning';
  readonly rule: string;
  readonly detail: string;
  readonly url?: string;
  readonly ranges: readonly Range[];
}
