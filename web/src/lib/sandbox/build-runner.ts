/**
 * The page's `docker build` once its request is ready: the engine's `runBuildRequest` (the
 * CLI's flow: progress as `--progress` asks, buildx's error shape, the warnings summary, the
 * image loaded into the store), with what the panels and lesson checks need: every event
 * as it happens, the terminal's height (live tty frames fit it), and the stage executor (the
 * stage pool of nested workers in the browser).
 */
import type { StageExecutor } from '../../../../engine/build/stage-executor.ts';
import type { BuildRequest, BuildResult } from '../../../../engine/build/types.ts';
import { runBuildRequest, type BuildHost, type BuildOptions, type DockerfileSource } from '../../../../engine/commands/index.ts';
import type { BuildEvent } from '../../../../engine/progress/events.ts';

/** A finished (or failed) build, with what its record needs. */
export interface RunOutcome {
  readonly exitCode: number;
  /** The result, when the build succeeded. */
  readonly result?: BuildResult;
  /** What the build threw, when it failed. */
  readonly error?: unknown;
}

/** What a page build adds to the CLI's host. */
export interface RunnerHooks {
  onEvent?(ev: BuildEvent): void;
  /** Where stages run (default: the engine's in-process executor). */
  readonly stages?: StageExecutor;
  /** The terminal's height: the tty view's live frames fit it (default: unbounded). */
  readonly rows?: number;
}

/** Run `request` and load its image as `docker buildx build --load` does. */
export async function runPageBuild(opts: BuildOptions, dockerfile: DockerfileSource, request: BuildRequest, host: BuildHost, hooks: RunnerHooks = {}): Promise<RunOutcome> {
  const outcome = await runBuildRequest(opts, dockerfile, request, {
    ...host,
    ...(hooks.rows ? { rows: hooks.rows } : {}),
    ...(hooks.stages ? { stages: hooks.stages } : {}),
    ...(hooks.onEvent ? { onEvent: hooks.onEvent } : {}),
  });
  return {
    exitCode: outcome.exitCode,
    ...(outcome.result ? { result: outcome.result } : {}),
    ...(outcome.error !== undefined ? { error: outcome.error } : {}),
  };
}
