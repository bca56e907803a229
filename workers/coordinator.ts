/**
 * Owns the builds of one workspace: loads the front end, lets the pure scheduler pick
 * stages (`runStagesParallel`) and runs them on the stage pool. The newest build wins: a
 * new `build()` cancels the one still running; `cancel()` stops it within one step.
 */
import { runStagesParallel } from '../engine/build/parallel.ts';
import type { StageOutput } from '../engine/build/stage-runner.ts';
import { build as engineBuild } from '../engine/build/index.ts';
import type { BuildDeps, BuildRequest, BuildResult } from '../engine/build/types.ts';
import { loadDockerfile } from '../engine/dockerfile/index.ts';
import type { BuildEvent } from '../engine/progress/events.ts';
import type { StagePool } from './pool.ts';
import { watchFlag } from './cancel-flag.ts';
import { poolExecutor } from './pool-executor.ts';

/** What a build returns in the coordinator's thread. */
export interface CoordinatedBuild {
  /** The target stage's output. */
  readonly target: StageOutput;
  readonly modeledMs: number;
  readonly jobs: number;
}

/** One workspace's build runner over a stage pool. */
export class BuildCoordinator {
  private current: AbortController | undefined;
  private nextId = 1;

  constructor(private readonly pool: StagePool) {}

  /**
   * Builds `request`'s target with up to `jobs` stages at once (default: the pool size).
   * Events are merged in canonical order (see `EventMerger`), each tagged with its worker.
   */
  async build(request: BuildRequest, onEvent: (e: BuildEvent) => void, jobs = this.pool.size, cancel?: SharedArrayBuffer): Promise<CoordinatedBuild> {
    const ac = this.supersede();
    const signal = watchFlag(ac, cancel);
    const buildId = this.nextId++;
    try {
      const fe = loadDockerfile(request.dockerfile, {
        ...(request.target !== undefined ? { target: request.target } : {}),
        ...(request.buildArgs ? { buildArgs: request.buildArgs } : {}),
        ...(request.platforms?.[0] ? { platform: request.platforms[0] } : {}),
      });
      const cost = new Map(fe.order.map((s) => [s, fe.stages[s]!.commands.length]));
      const res = await runStagesParallel(fe.graph, fe.order, (stage, deps, ctx) => this.pool.run({ buildId, request, stage }, deps, ctx), {
        jobs: Math.max(1, Math.min(jobs, this.pool.size)), signal, onEvent: polling(signal, onEvent), cost,
      });
      return { target: res.outputs.get(fe.target.index)!, modeledMs: res.modeledMs, jobs };
    } finally {
      if (this.current === ac) this.current = undefined;
    }
  }

  /**
   * Runs the engine's whole build (`engine/build`'s `build()`, then the exports) under the
   * same newest-wins rule: stages in this thread with `jobs` 1 (the default), else on the
   * pool's stage workers (`poolExecutor`), with the same image and events.
   */
  async buildImage(request: BuildRequest, deps: BuildDeps, onEvent: (e: BuildEvent) => void, cancel?: SharedArrayBuffer, jobs = 1): Promise<BuildResult> {
    const ac = this.supersede();
    try {
      const signal = watchFlag(ac, cancel);
      return await engineBuild(request, deps, { signal, onEvent: polling(signal, onEvent), ...(jobs > 1 ? { stages: poolExecutor(this.pool) } : {}) });
    } finally {
      if (this.current === ac) this.current = undefined;
    }
  }

  /** Cancels the build still running (newest wins) and returns the new build's controller. */
  private supersede(): AbortController {
    this.current?.abort();
    const ac = new AbortController();
    this.current = ac;
    return ac;
  }

  /** Cancels the running build, if any (it rejects with CANCELED). */
  cancel(): void {
    this.current?.abort();
  }
}

/**
 * `onEvent` that first reads `signal.aborted`: the engine listens for `abort` rather than
 * reading it, and a shared cancel flag only fires `abort` when read (see `cancel-flag.ts`),
 * so every event of a busy build is a chance to notice a cancel.
 */
function polling(signal: AbortSignal, onEvent: (e: BuildEvent) => void): (e: BuildEvent) => void {
  return (e) => {
    void signal.aborted;
    onEvent(e);
  };
}
