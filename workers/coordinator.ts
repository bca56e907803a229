/**
 * Owns the builds of one workspace: the engine's `build()`, with its stages on the stage
 * pool (`poolExecutor`) when asked for more than one job. The newest build wins: a new
 * `buildImage()` cancels the one still running; `cancel()` stops it within one step.
 */
import { build as engineBuild } from '../engine/build/index.ts';
import type { BuildDeps, BuildRequest, BuildResult } from '../engine/build/types.ts';
import type { BuildEvent } from '../engine/progress/events.ts';
import type { StagePool } from './pool.ts';
import { watchFlag } from './cancel-flag.ts';
import { poolExecutor } from './pool-executor.ts';

/** One workspace's build runner over a stage pool. */
export class BuildCoordinator {
  private current: AbortController | undefined;

  constructor(private readonly pool: StagePool) {}

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
