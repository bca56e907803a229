import type { BuildEvent } from '../progress/events.ts';
import type { ContextFile } from '../context/context.ts';
import type { PlatformDeps } from '../platform/types.ts';
import type { Snapshot } from '../fs/index.ts';
import type { Image } from '../image/image.ts';
import type { LocalFile } from '../image/export/rootfs.ts';
import type { LintWarning } from '../dockerfile/instructions/lint/linter.ts';
import type { CacheMountStore, LayerCache } from '../cache/index.ts';
import type { StageExecutor } from './stage-executor.ts';

/**
 * The contract between the build orchestration (`engine/build`) and its callers (the CLI,
 * workers, the web app). Plain data in, plain data out, so it can cross a worker boundary.
 */
export interface BuildRequest {
  /** The Dockerfile's text. */
  readonly dockerfile: string;
  /** Its file name as progress and excerpts print it (default `Dockerfile`). */
  readonly dockerfileName?: string;
  /** The project's files; `.dockerignore` among them is applied by the build. */
  readonly context: readonly ContextFile[];
  readonly target?: string;
  readonly buildArgs?: Readonly<Record<string, string>>;
  /** Target platforms (`linux/amd64`, ...); empty = the build platform. */
  readonly platforms?: readonly string[];
  /** `-t` names, any spelling Docker accepts. */
  readonly tags?: readonly string[];
  readonly noCache?: boolean;
  /** Parsed `-o` outputs; none = load the image into the local store (`type=image`). */
  readonly outputs?: readonly OutputSpec[];
  /** `--secret id=x`: the bytes, by id. Never written to a layer, history or log. */
  readonly secrets?: Readonly<Record<string, Uint8Array>>;
  /**
   * `--label K=V`: set on the target image's config after its stages ran, over the `LABEL`s it
   * has (BuildKit's `label:` build opts); no history entry, no intermediate stage.
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * The `.dockerignore` to apply instead of the context's: BuildKit reads
   * `<Dockerfile name>.dockerignore` beside the Dockerfile first. Undefined: the context's
   * `.dockerignore` file, if any.
   */
  readonly dockerignore?: string;
}

/** One `-o/--output` destination, after BuildKit's CSV parsing (`-o dir` = `type=local,dest=dir`). */
export type OutputSpec =
  | { readonly type: 'image' }
  | { readonly type: 'docker' | 'oci'; readonly dest?: string; readonly name?: string }
  | { readonly type: 'tar'; readonly dest?: string }
  | { readonly type: 'local'; readonly dest: string }
  /** buildx's "fake exporter to opt out of default behaviors": the stages run, nothing is exported or loaded. */
  | { readonly type: 'cacheonly' };

/** What one output produced; the caller writes it (a file, a download, a folder). */
export interface OutputResult {
  readonly spec: OutputSpec;
  /** `docker`/`oci`/`tar`: the archive bytes. */
  readonly archive?: Uint8Array;
  /** `local`: the files to write under `dest` (one folder per platform when there are several). */
  readonly files?: readonly LocalFile[];
}

export interface BuildResult {
  /** The target image for each platform built, in `platforms` order. */
  readonly images: readonly Image[];
  readonly outputs: readonly OutputResult[];
  readonly warnings: readonly LintWarning[];
  /** Modeled duration of the whole build, ms. */
  readonly modeledMs: number;
  /** The target's root filesystem for each platform, in `images` order. */
  readonly filesystems: readonly Snapshot[];
}

/** What a build needs from its host: hashing/gzip, the caches, and a clock. */
export interface BuildDeps {
  readonly platform: PlatformDeps;
  /** Step results by cache key; kept between builds by the caller. */
  readonly cache: LayerCache;
  /** `RUN --mount=type=cache` contents; kept between builds by the caller. */
  readonly cacheMounts: CacheMountStore;
  /** Milliseconds since the epoch: the image's `created` (unless SOURCE_DATE_EPOCH is a build arg). */
  now(): number;
}

/** Options of `build`. */
export interface BuildOptions {
  /** Aborting stops the build within one step; running vertexes end `CANCELED`. */
  readonly signal?: AbortSignal;
  /** Progress events, in order. */
  readonly onEvent?: (e: BuildEvent) => void;
  /**
   * Runs each stage's steps (default: in this thread). A worker pool's executor
   * (`workers/pool-executor.ts`) runs stages on stage workers; events then carry `worker`.
   */
  readonly stages?: StageExecutor;
}
