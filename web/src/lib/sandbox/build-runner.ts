/**
 * The page's `docker build` once its request is ready: the engine's `runBuildRequest`
 * flow (progress as `--progress` asks, buildx's error shape, the warnings summary, the
 * image loaded into the store), plus what the panels and lesson checks need and the CLI
 * does not: every event as it happens (`onEvent`), and the `BuildResult` or error for the
 * `BuildRecord`. The build function is injectable: the seam where the stage pool
 * (`workers/`) can take over a build without this file changing.
 *
 * Kept in step with `engine/commands/build.ts` (`runBuildRequest`), which has no hook for
 * events or the result; if it grows one, this file becomes a thin call to it.
 */
import { build } from '../../../../engine/build/index.ts';
import type { BuildDeps, BuildOptions as EngineBuildOptions, BuildRequest, BuildResult } from '../../../../engine/build/types.ts';
import { printSolveError, progressSink, type BuildHost, type BuildOptions, type DockerfileSource } from '../../../../engine/commands/index.ts';
import type { BuildEvent } from '../../../../engine/progress/events.ts';
import { formatBuildWarnings } from '../../../../engine/report/index.ts';
import { EngineError } from '../../../../engine/source/index.ts';
import { isCatalogLayer } from '../../../../engine/store/base-layers.ts';
import { persistImage } from '../../../../engine/store/index.ts';
import { fittedTtySink } from './tty-sink.ts';

/** Runs one build: the engine's `build()` by default, or a pool of workers. */
export type BuildFn = (req: BuildRequest, deps: BuildDeps, opts: EngineBuildOptions) => Promise<BuildResult>;

/** A finished (or failed) build, with what its record needs. */
export interface RunOutcome {
  readonly exitCode: number;
  /** The result, when the build succeeded. */
  readonly result?: BuildResult;
  /** What the build threw, when it failed. */
  readonly error?: unknown;
}

/** What a page build adds to the CLI's host: a tap on the events, and the build function. */
export interface RunnerHooks {
  onEvent?(ev: BuildEvent): void;
  /** Default: the engine's `build()` on this thread. */
  readonly build?: BuildFn;
  /** The terminal's height: the tty view's live frames fit it (default: unbounded). */
  readonly rows?: number;
}

/** Run `request` and load its image as `docker buildx build --load` does. */
export async function runPageBuild(opts: BuildOptions, dockerfile: DockerfileSource, request: BuildRequest, host: BuildHost, hooks: RunnerHooks = {}): Promise<RunOutcome> {
  const tty = opts.progress === 'tty' || (opts.progress === 'auto' && host.stderrIsTTY === true);
  const sink = tty && hooks.rows ? fittedTtySink((t) => host.stderr(t), host.columns ?? 80, hooks.rows) : progressSink(opts.progress, host);
  const run = hooks.build ?? build;
  let result: BuildResult;
  try {
    result = await run(request, { platform: host.deps, cache: host.cache, cacheMounts: host.cacheMounts, now: () => host.now() }, {
      ...(host.signal ? { signal: host.signal } : {}),
      onEvent: (ev) => {
        sink.push(ev);
        hooks.onEvent?.(ev);
      },
    });
  } catch (err) {
    sink.finish();
    if (err instanceof EngineError) return { exitCode: printSolveError(err, dockerfile, host), error: err };
    const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
    host.stderr(`ERROR: stageplay internal error (please report it): ${message}\n`);
    return { exitCode: 1, error: err };
  }
  sink.finish();
  if (sink.summarizes && result.warnings.length > 0) host.stderr(formatBuildWarnings(result.warnings));

  const outputs = request.outputs ?? [];
  const loads = outputs.length === 0 || outputs.some((o) => o.type === 'image');
  const image = result.images[0];
  if (image && loads) {
    const stored = await persistImage(image, host.state.blobs, {
      storeLayer: async (l) => !isCatalogLayer(await l.digest()),
      oci: true,
      tagTime: new Date(host.tagNow?.() ?? host.now()).toISOString(),
    });
    host.state.images.put(stored, opts.tags);
    host.state.saveImages?.();
  }
  const hasImage = loads || outputs.some((o) => o.type === 'docker' || o.type === 'oci');
  if (opts.progress === 'quiet' && image && hasImage) host.stdout(`${await image.configName()}\n`);
  return { exitCode: 0, result };
}
