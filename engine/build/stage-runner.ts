/**
 * The seam between the build orchestration and the execution of one stage. The build
 * decides *which* stages run and in what order (`runStagesParallel`); a `StageRunner`
 * executes *one* stage, in this thread (the engine's executor) or on a worker (the
 * pool in `workers/`). Everything a runner receives or returns is plain data plus
 * snapshots, so a worker can take the same task after `packTree`.
 */
import type { Snapshot } from '../fs/snapshot.ts';
import type { BuildEvent } from '../progress/events.ts';
import type { BuildRequest } from './types.ts';

/** What a finished stage leaves for the stages after it and for export. */
export interface StageOutput {
  /**
   * The tree after each step that made a layer, in order, starting *after* the base
   * image (the base image's own layers are not repeated; a base *stage*'s layers are).
   * Empty when no step made a layer: then `root` is `base`.
   */
  readonly layers: readonly Snapshot[];
  /** The stage's final tree (the last layer, or the base when there is none). */
  readonly root: Snapshot;
  /**
   * The key of the base image the tree starts from (`image:<ref>@<platform>`), or the
   * base stage's `baseKey`; undefined for `FROM scratch`. Receivers rebuild that base
   * themselves, so its lazy contents never cross a thread boundary.
   */
  readonly baseKey?: string;
  /** The base image's tree (what `baseKey` names); the empty tree for scratch. */
  readonly base: Snapshot;
  /** The stage's image config at its end (structured-cloneable JSON). */
  readonly config: StageConfig;
  /** Modeled duration of the stage, ms. */
  readonly modeledMs: number;
}

/** The runtime state of a stage as the next stage or the exporter needs it. */
export interface StageConfig {
  /** `K=V`, the image config's `Env`. */
  readonly env: readonly string[];
  readonly workdir: string;
  readonly user: string;
  readonly platform: string;
  /** Everything else the executor keeps (Cmd, Entrypoint, Labels, history...), JSON. */
  readonly extra?: Readonly<Record<string, unknown>>;
}

/** One stage to run. */
export interface StageTask {
  /** Which build this belongs to (newer builds supersede older ones). */
  readonly buildId: number;
  readonly request: BuildRequest;
  /** Stage index in the Dockerfile. */
  readonly stage: number;
  /** Outputs of every stage this one needs (base stage, `COPY --from`, mounts), by index. */
  readonly deps: ReadonlyMap<number, StageOutput>;
}

/**
 * Events of one stage, before the build merges them: `vertex` numbers are local to the
 * stage (1, 2, ... in step order) and `t` is modeled ms since the *stage* started. Within
 * a stage, `t` never decreases.
 */
export type StageEvent = BuildEvent;

/** What a runner is given besides the task. */
export interface StageRunContext {
  /** Aborted when the build is canceled or superseded; checked between steps. */
  readonly signal: AbortSignal;
  onEvent(event: StageEvent): void;
}

/** Executes one stage. Rejects with an `EngineError` naming the failing step. */
export interface StageRunner {
  runStage(task: StageTask, ctx: StageRunContext): Promise<StageOutput>;
}
