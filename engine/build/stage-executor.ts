/**
 * The seam between `runStages` (which stage runs when, with which base and progress
 * names) and the execution of one stage's steps (`executeStage`). The default executor
 * runs in this thread; `workers/pool-executor.ts` runs each stage on a stage worker with
 * the same `executeStage`. A job is plain data plus snapshots and stage states, so it can
 * cross a thread boundary (`workers/stage-job-codec.ts`).
 */
import type { CacheMountStore, StepCache } from '../cache/index.ts';
import type { SimulatedStep, Stage } from '../dockerfile/index.ts';
import { ShellLex } from '../dockerfile/shell/lex.ts';
import { executeStage, imageState, type StageInput, type StageServices, type StageState, type StepHooks } from '../exec/index.ts';
import { findStageByName, parseStageIndex } from '../graph/index.ts';
import { resolveImage } from '../catalog/index.ts';
import type { PlatformDeps } from '../platform/types.ts';
import { resolveProgram } from '../toolchain/registry.ts';

/** One stage's steps to execute. */
export interface StageJob {
  /** Stage index in the Dockerfile. */
  readonly index: number;
  /** `[stage-name]` label of its vertexes, for errors naming the stage. */
  readonly label?: string;
  /** `executeStage`'s input (the base state already resolved). */
  readonly input: StageInput;
  /** The stages before it (for `--from=<name>` lookups). */
  readonly stages: readonly Stage[];
  /** Finished states of the stages it needs, by index. */
  readonly deps: ReadonlyMap<number, StageState>;
  /** Index of its base stage (`FROM <stage>`), if any. */
  readonly baseStage?: number;
  /** The Dockerfile's escape token (the shell lexer is rebuilt from it). */
  readonly escapeToken: string;
}

/** What an executor is given besides the job: the caches (owned by the caller) and progress hooks. */
export interface StageExecContext {
  readonly cache: StepCache;
  readonly cacheMounts: CacheMountStore;
  readonly hooks: StepHooks;
  readonly signal: AbortSignal;
  /** The vertex name of step `index` (for errors naming the step). */
  readonly stepName?: (index: number) => string;
  /** Told which worker (1-based) runs the stage, when it runs on one. */
  readonly worker?: (id: number) => void;
}

/** Executes one stage's steps; rejects with the step's `EngineError` (or `CanceledError`). */
export interface StageExecutor {
  /** True when stages run off this thread (their events are then merged in canonical order). */
  readonly parallel: boolean;
  execute(job: StageJob, ctx: StageExecContext): Promise<StageState>;
}

/** The stage index `ref` names from stage `index` (a number or an earlier stage's name), if any. */
export function stageRefIndex(stages: readonly Stage[], index: number, ref: string): number | undefined {
  const n = parseStageIndex(ref);
  if (n !== undefined) return n;
  return findStageByName(stages.slice(0, index), ref)?.index;
}

/** The `StageServices` a job runs with (same in this thread and in a worker). */
export function jobServices(job: StageJob, platform: PlatformDeps, ctx: StageExecContext): StageServices {
  return {
    hasher: platform.hasher,
    gzip: platform.gzip,
    cache: ctx.cache,
    cacheMounts: ctx.cacheMounts,
    programs: resolveProgram,
    lex: new ShellLex(job.escapeToken),
    signal: ctx.signal,
    source: (ref) => {
      const n = stageRefIndex(job.stages, job.index, ref);
      if (n !== undefined && job.deps.has(n)) return job.deps.get(n)!;
      if (n !== undefined && n === job.baseStage) return job.input.base;
      return imageState(resolveImage(ref, job.input.platform));
    },
    hooks: ctx.hooks,
  };
}

/**
 * Whether a stage's steps start processes (`RUN`). A stage of file operations only
 * (`COPY`, `ADD`, `WORKDIR`...) runs on the build's own thread even when stages run on
 * workers, as BuildKit runs file ops in the daemon and only `RUN` in a container: shipping
 * its inputs (whole stage trees for `COPY --from`) to a worker costs more than the copies.
 */
export function runsProcesses(steps: readonly SimulatedStep[]): boolean {
  return steps.some((s) => s.command.kind === 'RUN');
}

/** Runs stages in this thread (the default). */
export function inProcessExecutor(platform: PlatformDeps): StageExecutor {
  return {
    parallel: false,
    execute: async (job, ctx) => (await executeStage(job.input, jobServices(job, platform, ctx))).state,
  };
}
