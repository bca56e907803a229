/** What executing a stage takes and gives: plain inputs plus snapshots (worker-friendly). */
import type { CacheMountStore, StepCache, StepHistory } from '../cache/index.ts';
import type { CacheCause } from '../progress/events.ts';
import type { ArgPair, SimulatedStep, Stage } from '../dockerfile/index.ts';
import type { ShellLex } from '../dockerfile/shell/lex.ts';
import type { Snapshot, TreeEntry } from '../fs/index.ts';
import type { ConfigFile } from '../image/index.ts';
import type { Gzip, Hasher } from '../platform/types.ts';
import type { ProgramResolver } from '../toolchain/types.ts';

/**
 * One layer of a stage's image: a base-image layer of the catalog (by reference, so the
 * state stays plain data that can cross to a worker), or one a step made.
 */
export type StageLayer =
  | { readonly kind: 'base'; readonly ref: string; readonly platform: string; readonly index: number }
  | {
      readonly kind: 'step';
      readonly entries: readonly TreeEntry[];
      /**
       * What the entries are determined by: the step's cache key and when its cache record was
       * made (`<key> <createdAt>`). Layers with the same id have the same entries, also after
       * crossing to a stage worker and back as new objects (export reuses the layer's blob).
       */
      readonly id?: string;
      /** The step ran in this build (not CACHED): its layer's blob is most likely made for the first time. */
      readonly ran?: true;
    };

/** A stage's state after some steps: its filesystem, layers and image config. */
export interface StageState {
  /** The root filesystem. */
  readonly snapshot: Snapshot;
  /** Layers, base first; one per non-empty history entry. */
  readonly layers: readonly StageLayer[];
  /** Image config with history (rootfs is recomputed on export). */
  readonly config: ConfigFile;
  /** Cache key of the last op (the base image's digest before any step). */
  readonly cacheKey: string;
}

/** Progress callbacks for the steps that are BuildKit vertexes (RUN, COPY, ADD, WORKDIR). */
export interface StepHooks {
  /** Step `index` (into `StageInput.steps`) starts. */
  start(index: number): void;
  /** Output of a running step. */
  log(index: number, data: string, stream: 'stdout' | 'stderr'): void;
  /**
   * The step ended: `cached` when the cache answered; `modeledMs` what it took; `cause` why
   * it ran (a `parent-ran` cause has `vertex: -1`, for the caller to name the step up the chain).
   */
  done(index: number, result: { readonly cached: boolean; readonly modeledMs: number; readonly cause?: CacheCause }): void;
}

/** A secret given with `--secret`, by id. */
export type Secrets = Readonly<Record<string, Uint8Array>>;

/** Serialisable inputs of `executeStage`. */
export interface StageInput {
  readonly stage: Stage;
  /** The stage's commands after expansion with the build env after each (front end's `simulated`). */
  readonly steps: readonly SimulatedStep[];
  /** The state the stage starts from (its FROM). */
  readonly base: StageState;
  /** Platform the stage runs as, e.g. `linux/amd64`. */
  readonly platform: string;
  /** The build machine's platform (BuildKit's BUILDPLATFORM; default linux/amd64): RUN steps of other architectures are emulated. */
  readonly hostPlatform?: string;
  /** ARGs declared by the base stage (a stage `FROM` another inherits them). */
  readonly baseArgs: readonly ArgPair[];
  /** The build context after `.dockerignore`. */
  readonly context: Snapshot;
  readonly buildArgs: Readonly<Record<string, string>>;
  readonly secrets: Secrets;
  /** `--no-cache`: run every step (results are still stored). */
  readonly noCache: boolean;
  /**
   * Earlier records of each step (by index into `steps`; `LayerCache.history` of its
   * `stepSlot`), to say why a step ran. Absent: causes say the cache keeps no inputs.
   */
  readonly history?: readonly (StepHistory | undefined)[];
  /** RFC 3339 time for history entries. */
  readonly created: string;
  /** Seconds since the epoch for files the steps create. */
  readonly mtime: number;
}

/** Services `executeStage` uses. */
export interface StageServices {
  readonly hasher: Hasher;
  readonly gzip: Gzip;
  readonly cache: StepCache;
  readonly cacheMounts: CacheMountStore;
  readonly programs: ProgramResolver;
  readonly lex: ShellLex;
  /** The state a `--from`/`from=` reference names (stage name, index or image), finished. */
  source(ref: string): StageState;
  readonly hooks: StepHooks;
  readonly signal?: AbortSignal;
}
