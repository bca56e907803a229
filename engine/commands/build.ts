/**
 * `docker build` once its inputs are read: the build with progress as `--progress` asks,
 * buildx's error shape on failure, the warnings summary, then the image loaded into the
 * local store. The CLI (disk state) and the web terminal (the page's store) both call it;
 * each writes the returned `-o` outputs its own way (files, downloads).
 */
import { build } from '../build/index.ts';
import type { StageExecutor } from '../build/stage-executor.ts';
import type { BuildRequest, BuildResult, OutputResult } from '../build/types.ts';
import type { BuildEvent } from '../progress/events.ts';
import { CauseLog } from '../progress/causes.ts';
import type { CacheMountStore, LayerCache } from '../cache/index.ts';
import type { PlatformDeps } from '../platform/types.ts';
import { formatBuildWarnings } from '../report/index.ts';
import { EngineError } from '../source/index.ts';
import { type LintWarning } from '../dockerfile/index.ts';
import { warningsOf } from '../frontend/index.ts';
import { isCatalogLayer } from '../store/base-layers.ts';
import { persistImage } from '../store/index.ts';
import type { Layer } from '../image/layer.ts';
import { multiPlatformImage } from './multi-platform.ts';
import { printSolveError, type DockerfileSource } from './calls.ts';
import type { BuildOptions } from './docker.ts';
import type { LocalImages } from './images.ts';
import { progressSink, type ProgressIO } from './progress.ts';

/** What a build needs from its host beyond the request. */
export interface BuildHost extends ProgressIO {
  stdout(text: string): void;
  /** Hashing and gzip (wrap with `yieldingDeps` so Ctrl+C and the page stay responsive). */
  readonly deps: PlatformDeps;
  readonly cache: LayerCache;
  readonly cacheMounts: CacheMountStore;
  /** Where the built image is loaded. */
  readonly state: LocalImages;
  /** Wall clock, ms: the image's `created`. */
  now(): number;
  /** Wall clock, ms, for the tag time `inspect` shows (default `now`). */
  tagNow?(): number;
  readonly signal?: AbortSignal;
  /** Runs the stages elsewhere (a worker pool, `--jobs`); default: in this thread. */
  readonly stages?: StageExecutor;
  /** Sees every progress event as it happens (the web app's panels and lesson records). */
  onEvent?(ev: BuildEvent): void;
}

/** How a build ended: the exit code, and the outputs for the caller to write (none on failure). */
export interface BuildOutcome {
  readonly exitCode: number;
  readonly outputs: readonly OutputResult[];
  /** The engine's result, when the build succeeded. */
  readonly result?: BuildResult;
  /** What the build threw, when it failed. */
  readonly error?: unknown;
}

/**
 * Run `request` (built from `opts`) and load its image as `docker buildx build --load`
 * does. Engine errors print as buildx prints them; anything else is a stageplay bug and
 * says so. Base-image layers are not copied into the store (they are re-created on demand).
 */
export async function runBuildRequest(opts: BuildOptions, dockerfile: DockerfileSource, request: BuildRequest, host: BuildHost): Promise<BuildOutcome> {
  const sink = progressSink(opts.progress, host);
  // --explain-cache (stageplay's): why each step was CACHED or ran, after the display (rawjson events carry it already)
  const causes = opts.explainCache && opts.progress !== 'rawjson' ? new CauseLog() : undefined;
  const finish = () => {
    sink.finish();
    if (causes) host.stderr(causes.text());
  };
  const warned: LintWarning[] = [];
  let result;
  try {
    result = await build(request, { platform: host.deps, cache: host.cache, cacheMounts: host.cacheMounts, now: () => host.now() }, {
      ...(host.signal ? { signal: host.signal } : {}),
      ...(host.stages ? { stages: host.stages } : {}),
      onEvent: (ev) => {
        if (ev.kind === 'warning') warned.push({ rule: ev.rule, description: '', url: ev.url ?? '', detail: ev.detail, ranges: ev.ranges });
        sink.push(ev);
        causes?.push(ev);
        host.onEvent?.(ev);
      },
    });
  } catch (err) {
    finish();
    // buildx prints the warnings when its progress display closes, before the error
    const warnings = warned.length > 0 ? warned : warningsOf(err);
    if (sink.summarizes && warnings.length > 0) host.stderr(formatBuildWarnings(warnings));
    if (err instanceof EngineError) return { exitCode: printSolveError(err, dockerfile, host), outputs: [], error: err };
    // Not an engine error: a bug in stageplay, not in the learner's Dockerfile. Say so plainly.
    const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
    host.stderr(`ERROR: stageplay internal error (please report it): ${message}\n`);
    return { exitCode: 1, outputs: [], error: err };
  }
  finish();
  if (sink.summarizes && result.warnings.length > 0) host.stderr(formatBuildWarnings(result.warnings));

  const outputs = request.outputs ?? [];
  const loads = outputs.length === 0 || outputs.some((o) => o.type === 'image');
  const image = result.images[0];
  if (image && loads) {
    const persistOpts = {
      storeLayer: async (l: Layer) => !isCatalogLayer(await l.digest()),
      oci: true,
      tagTime: new Date(host.tagNow?.() ?? host.now()).toISOString(),
    };
    const all = await Promise.all(result.images.map((img) => persistImage(img, host.state.blobs, persistOpts)));
    const stored = all.length > 1 ? await multiPlatformImage(all, host.state.blobs, host.deps) : all[0]!;
    host.state.images.put(stored, opts.tags);
    host.state.saveImages?.();
  }
  // buildx -q prints the exporter's image ID; local and tar outputs have none.
  const hasImage = loads || outputs.some((o) => o.type === 'docker' || o.type === 'oci');
  if (opts.progress === 'quiet' && image && hasImage) host.stdout(`${await image.configName()}\n`);
  return { exitCode: 0, outputs: result.outputs, result };
}
