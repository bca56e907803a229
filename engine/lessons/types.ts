/**
 * Lessons as data: a lesson is a list of steps, each with prose (a Markdown file beside the
 * manifest), the commands to type, the Dockerfile it expects, a check the runner evaluates
 * against the learner's builds, a hint and a one-click solution. Plus the plain-data summary
 * of builds (`BuildRecord`) that checks read, so the CLI and the web app can produce it
 * without the evaluator knowing how builds run.
 */
import type { BuildEvent, CacheCause } from '../progress/events.ts';

/**
 * Something the runner can verify about the learner's work. Image references are compared
 * after Docker's normalisation (`buildme` = `buildme:latest`). `target` narrows a check to
 * the learner's latest build with that `--target` (absent: the latest build of any target).
 */
export type Check =
  /** An image with this reference was built (and is still tagged by the latest build that named it). */
  | { readonly kind: 'image-exists'; readonly image: string }
  /** The image's size, as `docker images` reports it (bytes, compressed), is within bounds. */
  | { readonly kind: 'image-size'; readonly image: string; readonly min?: number; readonly max?: number }
  /** In the selected build, the two stages' uncached steps ran at overlapping modeled times. */
  | { readonly kind: 'stages-overlap'; readonly stages: readonly [string, string]; readonly target?: string }
  /** The selected build ran no step of this stage (it was pruned by `--target`). */
  | { readonly kind: 'stage-not-built'; readonly stage: string; readonly target?: string }
  /** The selected build shows a step whose name contains `match` as CACHED. */
  | { readonly kind: 'step-cached'; readonly match: string; readonly target?: string }
  /**
   * The selected build has a successful step whose name contains `match`; with
   * `cached: false` it must have really run (not come from the cache), with `because`
   * for that cause (`VertexDone.cause`, e.g. `files-changed`).
   */
  | { readonly kind: 'step-ran'; readonly match: string; readonly cached?: false; readonly because?: CacheCause['kind']; readonly target?: string }
  /** The selected build has no step whose name contains `match`. */
  | { readonly kind: 'no-step'; readonly match: string; readonly target?: string }
  /** The image's filesystem holds this absolute path. */
  | { readonly kind: 'file-in-image'; readonly image: string; readonly path: string }
  /** Some build exported this file (workspace-relative, e.g. `bin/server`) with `--output`. */
  | { readonly kind: 'output-file'; readonly path: string }
  /** The image's ENTRYPOINT is exactly this exec form. */
  | { readonly kind: 'entrypoint'; readonly image: string; readonly value: readonly string[] }
  /** The selected build failed, and its error or log contains `match`. */
  | { readonly kind: 'build-failed-with'; readonly match: string; readonly target?: string }
  /** The image was built for exactly these platforms (any order), e.g. `linux/arm/v7`. */
  | { readonly kind: 'platforms'; readonly image: string; readonly platforms: readonly string[] }
  /** The latest `docker exec` in the container named `container` printed `match` (and exited 0). */
  | { readonly kind: 'exec-output'; readonly container: string; readonly match: string }
  /** The latest `docker run` of this image printed a line containing `match`. */
  | { readonly kind: 'run-output'; readonly image: string; readonly match: string }
  /**
   * Running the image (its ENTRYPOINT and CMD, as `docker run IMAGE` does; the build record
   * ran it) prints exactly these lines, stdout and stderr together, and exits `exitCode`
   * (default 0), or starts serving (a server is stopped once it listens).
   */
  | { readonly kind: 'image-prints'; readonly image: string; readonly lines: readonly string[]; readonly exitCode?: number }
  /** Every check passes (explanations of all failing ones are reported). */
  | { readonly kind: 'all'; readonly checks: readonly Check[] };

/** The kinds of {@link Check}. */
export type CheckKind = Check['kind'];

/** What a check found: `explanation` says in plain words what is there or what is missing. */
export interface CheckResult {
  readonly ok: boolean;
  readonly explanation: string;
}

/** One image a build produced, as the runner summarises it. */
export interface ImageRecord {
  /** The tag it was stored under, any spelling Docker accepts (`buildme`, `buildme:latest`). */
  readonly ref: string;
  /** Bytes, as `docker images` reports it (sum of compressed layers, first platform). */
  readonly size: number;
  /** ENTRYPOINT in exec form; empty when unset. */
  readonly entrypoint: readonly string[];
  /** Absolute paths of every entry of the flattened filesystem (`/bin/server`). */
  readonly files: readonly string[];
  /** `os/arch[/variant]` of each platform built. */
  readonly platforms: readonly string[];
  /** What running it printed when the build was recorded (first platform); absent when it starts no program built by go build. */
  readonly run?: ImageRun;
}

/** What running an image once printed: `docker run IMAGE` with no arguments. */
export interface ImageRun {
  /** How it ended (a server that was stopped once it listened: killed by the stop's signal). */
  readonly exitCode: number;
  /** stdout and stderr, interleaved as printed. */
  readonly output: string;
  /** The port it started serving on: it was stopped there, as it would have served until stopped. */
  readonly serving?: number;
}

/** A plain-data summary of one `docker build` the learner ran. Oldest builds come first in a history. */
export interface BuildRecord {
  /** The command line as typed (`docker build --tag=buildme .`). */
  readonly command: string;
  /** The build succeeded. */
  readonly ok: boolean;
  /** The build's error message when it failed. */
  readonly error?: string;
  /** `--target`, when given. */
  readonly target?: string;
  /** `--tag` values as typed. */
  readonly tags: readonly string[];
  /** One record per tag loaded into the image store (none for `--output` builds). */
  readonly images: readonly ImageRecord[];
  /** Progress events, in order. */
  readonly events: readonly BuildEvent[];
  /** Workspace-relative paths of files written by `--output` (`bin/linux_arm64/server`). */
  readonly outputs: readonly string[];
  /** Bytes of each file in `outputs`, by path (as `ls -l` shows them; absent in older records). */
  readonly outputSizes?: Readonly<Record<string, number>>;
}

/** A plain-data summary of one `docker run`. */
export interface RunRecord {
  readonly command: string;
  /** The image as typed (of a `docker exec`: the container's image). */
  readonly image: string;
  /** The container's name, for a `docker exec` (absent for `docker run`). */
  readonly container?: string;
  readonly exitCode: number;
  /** stdout and stderr, interleaved as printed. */
  readonly output: string;
}

/** What the guide shows for a step, so the UI can put it beside the learner's own output. */
export interface GuideOutput {
  /** Lines as the guide prints them (a `docker images` table, log lines, file sizes). */
  readonly lines: readonly string[];
  /** Why stageplay's numbers or lines may differ. */
  readonly note?: string;
}

/** One file of a solution, as its full text (the UI shows the diff before applying it). */
export interface SolutionFile {
  /** Workspace-relative path, e.g. `Dockerfile`. */
  readonly path: string;
  readonly text: string;
}

/** One step of a lesson. */
export interface Step {
  /** Unique within its lesson; `[a-z0-9-]+`, used in deep links (`lesson/step`). */
  readonly id: string;
  readonly title: string;
  /** The prose's Markdown file name, relative to the lesson's folder. */
  readonly prose: string;
  /** Commands to type, exactly as a learner would (each starts with `docker`). */
  readonly commands: readonly string[];
  /** What "check my work" evaluates. */
  readonly check: Check;
  /** A nudge, in Markdown, that stops short of the answer. */
  readonly hint: string;
  /** The files as they should read once the step is done; `Dockerfile` always among them. */
  readonly solution: readonly SolutionFile[];
  /**
   * Lint warnings the solution Dockerfile gives, as BuildKit prints them
   * (`FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 10)`); empty: none.
   */
  readonly warnings: readonly string[];
  /** What the guide shows at this point, when it shows something. */
  readonly guide?: GuideOutput;
}

/** One chapter of the guide. */
export interface Lesson {
  /** The folder name under `lessons/`, e.g. `03-multi-stage`. */
  readonly id: string;
  readonly title: string;
  /** One sentence for the lesson list. */
  readonly summary: string;
  readonly steps: readonly Step[];
}
