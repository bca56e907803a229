/**
 * `docker build`, the whole command, for every place it runs: the context and the
 * Dockerfile checked and read, the front end's calls (`--check`, `--call`), `-o` and
 * `--secret` read, the request assembled, the build run with progress as `--progress` asks
 * (buildx's error shape on failure, the warnings summary), the image loaded into the local
 * store, then the `-o` outputs handed to the place. The CLI (files on disk) and the sandbox
 * worker (the workspace) differ only in their `BuildPlace` and `BuildHost`, so the same
 * line prints the same bytes in both.
 */
import { build } from '../build/index.ts';
import type { StageExecutor } from '../build/stage-executor.ts';
import type { BuildRequest, BuildResult, OutputResult } from '../build/types.ts';
import type { CacheMountStore, LayerCache } from '../cache/index.ts';
import type { ContextFile } from '../context/context.ts';
import { dockerfileIgnorePath } from '../context/dockerignore.ts';
import { type LintWarning } from '../dockerfile/index.ts';
import { warningsOf } from '../frontend/index.ts';
import type { Layer } from '../image/layer.ts';
import type { PlatformDeps } from '../platform/types.ts';
import { CauseLog } from '../progress/causes.ts';
import type { BuildEvent } from '../progress/events.ts';
import { formatBuildWarnings } from '../report/index.ts';
import { EngineError } from '../source/index.ts';
import { isCatalogLayer } from '../store/base-layers.ts';
import { persistImage } from '../store/index.ts';
import { baseName, dirName } from '../toolchain/process/index.ts';
import { printSolveError, runFrontendCall, type DockerfileSource } from './frontend-calls.ts';
import type { BuildFlags } from './docker.ts';
import type { LocalImages } from './images.ts';
import { multiPlatformImage } from './multi-platform.ts';
import { OutputSpecError, parseOutputs } from './outputs.ts';
import { progressSink, type ProgressIO } from './progress.ts';
import { SecretSpecError } from './secrets.ts';

/** A build that cannot start because of its inputs; printed as `ERROR: <message>`. */
export class BuildInputError extends Error {}

/** Where a `docker build` runs: how it reads its inputs and where its outputs go. Paths are as typed, relative to the working directory. */
export interface BuildPlace {
  /** A file's text; undefined when there is none. */
  readText(path: string): string | undefined;
  /** Whether `path` is a directory. */
  isDirectory(path: string): boolean;
  /** The build context under `dir`, `.dockerignore` applied (`dockerignore`: the Dockerfile's own one); throws `BuildInputError`. */
  readContext(dir: string, dockerignore: string | undefined): ContextFile[];
  /** The `--secret` values; throws `SecretSpecError`. */
  readSecrets(specs: readonly string[]): Readonly<Record<string, Uint8Array>>;
  /** Writes one `-o` output where the build runs; an error message when it cannot. */
  deliver(output: OutputResult, tags: readonly string[]): string | undefined;
}

/** How a `docker build` ended, with what its record needs. */
export interface DockerBuildOutcome {
  readonly exitCode: number;
  /** The engine's result, when the build succeeded. */
  readonly result?: BuildResult;
  /** What the build threw, when it failed. */
  readonly error?: unknown;
  /** The request, once the build got that far (absent for `--call`/`--check` and input errors). */
  readonly request?: BuildRequest;
  /** The message of a failure before the build started (context, Dockerfile, `-o`, `--secret`). */
  readonly inputError?: string;
}

/** `a/b` joined lexically (`.` and `` are the directory itself). */
function join(dir: string, name: string): string {
  return dir === '' || dir === '.' ? name : `${dir.replace(/\/+$/, '')}/${name}`;
}

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

/** Run `docker build` as `opts` asks, reading from and writing to `place`. */
export async function runDockerBuild(opts: BuildFlags, place: BuildPlace, host: BuildHost): Promise<DockerBuildOutcome> {
  const inputError = (message: string): DockerBuildOutcome => {
    host.stderr(`ERROR: ${message}\n`);
    return { exitCode: 1, inputError: message };
  };
  if (!place.isDirectory(opts.context)) return inputError(`unable to prepare context: path "${opts.context}" not found`);
  const path = opts.file ?? join(opts.context, 'Dockerfile');
  const name = baseName(path);
  const text = place.readText(path);
  if (text === undefined) {
    const dir = dirName(path);
    if (opts.file !== undefined && dir !== '.' && !place.isDirectory(dir)) return inputError(`resolve : lstat ${dir}: no such file or directory`);
    return inputError(`failed to solve: failed to read dockerfile: open ${name}: no such file or directory`);
  }
  const dockerfile = { name, text };
  // BuildKit reads `<Dockerfile>.dockerignore` beside the Dockerfile first, then the context's
  const ownIgnore = place.readText(dockerfileIgnorePath(path));
  const called = runFrontendCall(opts, dockerfile, host, ownIgnore ?? place.readText(join(opts.context, '.dockerignore')));
  if (called !== undefined) return { exitCode: called };

  let request: BuildRequest;
  try {
    request = {
      dockerfile: text,
      dockerfileName: name,
      context: place.readContext(opts.context, ownIgnore),
      ...(ownIgnore !== undefined ? { dockerignore: ownIgnore } : {}),
      ...(opts.target !== undefined ? { target: opts.target } : {}),
      buildArgs: opts.buildArgs,
      platforms: opts.platforms,
      tags: opts.tags,
      noCache: opts.noCache,
      outputs: parseOutputs(opts.outputs, opts.tags),
      ...(opts.secrets.length > 0 ? { secrets: place.readSecrets(opts.secrets) } : {}),
      ...(Object.keys(opts.labels).length > 0 ? { labels: opts.labels } : {}),
    };
  } catch (err) {
    if (err instanceof BuildInputError || err instanceof OutputSpecError || err instanceof SecretSpecError) return inputError(err.message);
    return { exitCode: printSolveError(err, dockerfile, host), error: err };
  }
  // The inputs are read: now the host's store, which a host may open only on first use (the
  // CLI's state root), so that its errors come before the build rather than inside it.
  void host.state;
  const { outputs, ...outcome } = await buildAndLoad(opts, dockerfile, request, host);
  for (const o of outputs) {
    const failed = place.deliver(o, opts.tags);
    if (failed === undefined) continue;
    host.stderr(`ERROR: ${failed}\n`);
    return { ...outcome, request, exitCode: 1 };
  }
  return { ...outcome, request };
}

/** How the build itself ended, with the outputs for the place to write (none on failure). */
interface BuiltOutcome extends DockerBuildOutcome {
  readonly outputs: readonly OutputResult[];
}

/**
 * Run `request` (built from `opts`) and load its image as `docker buildx build --load`
 * does. Engine errors print as buildx prints them; anything else is a stageplay bug and
 * says so. Base-image layers are not copied into the store (they are re-created on demand).
 */
async function buildAndLoad(opts: BuildFlags, dockerfile: DockerfileSource, request: BuildRequest, host: BuildHost): Promise<BuiltOutcome> {
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
