/**
 * `docker build` in the sandbox worker: the engine's command core (`runDockerBuild`, the
 * CLI's too) over the workspace. The workspace is the context and holds the Dockerfile;
 * `-o` outputs are written into it (as the CLI writes them to the current directory), or
 * offered as downloads where there is no workspace to write to.
 */
import type { StageExecutor } from '../../../../engine/build/stage-executor.ts';
import type { BuildRequest, BuildResult, OutputResult } from '../../../../engine/build/types.ts';
import type { CacheMountStore, LayerCache } from '../../../../engine/cache/index.ts';
import { runDockerBuild, yieldingDeps, type BuildOptions, type BuildPlace, type LocalImages } from '../../../../engine/commands/index.ts';
import type { WorkspaceContent } from '../../../../engine/commands/shell-host.ts';
import type { LocalFile } from '../../../../engine/image/index.ts';
import type { PlatformDeps } from '../../../../engine/platform/types.ts';
import type { BuildEvent } from '../../../../engine/progress/events.ts';
import { parseReference } from '../../../../engine/reference/index.ts';
import { basename, isDirectory, resolvePath } from '../workspace/paths.ts';
import { contextFiles } from './context-files.ts';
import { workspaceSecrets } from './secrets.ts';
import { zipLocal } from './zip-local.ts';
import type { CommandSink, TerminalInfo } from './engine-api.ts';

/** Writes a command's outputs where the learner runs it; each method returns an error message, or `undefined` when written. */
export interface OutputWriter {
  /** A `type=local` export: `files` under the directory `dest` (created; existing files replaced). */
  writeTree(dest: string, files: readonly LocalFile[]): string | undefined;
  /** One file (an archive) at `dest`. */
  writeFile(dest: string, bytes: Uint8Array): string | undefined;
}

/** The text of a workspace file (`undefined` when absent). */
export function textAt(files: ReadonlyMap<string, WorkspaceContent>, path: string | null): string | undefined {
  const c = path === null ? undefined : files.get(path);
  return c === undefined || typeof c === 'string' ? c : new TextDecoder().decode(c);
}

/** What builds in the sandbox worker keep between commands (for the page's lifetime). */
export interface PageBuildState {
  readonly deps: PlatformDeps;
  readonly cache: LayerCache;
  readonly cacheMounts: CacheMountStore;
  readonly store: LocalImages;
  /** One turn of the event loop, awaited at each hash and gzip. */
  tick(): Promise<void>;
  now(): number;
}

/** How a page build ended, with what its `BuildRecord` needs. */
export interface PageBuildOutcome {
  readonly exitCode: number;
  /** The result, when the build succeeded. */
  readonly result?: BuildResult;
  /** What the build threw, when it failed. */
  readonly error?: unknown;
  /** The request, once the build got that far (absent for `--call`/`--check` and input errors). */
  readonly request?: BuildRequest;
  /** The message of a failure before the build started (bad context, Dockerfile, `-o`, `--secret`). */
  readonly inputError?: string;
}

/** What a page build adds to the CLI's host: every event as it happens, where stages run, the terminal's height. */
export interface PageBuildHooks {
  onEvent?(ev: BuildEvent): void;
  /** Where stages run (default: the engine's in-process executor; the stage pool in the browser). */
  readonly stages?: StageExecutor;
}

/** The mtime the workspace's files get in the context (it keeps no times): 2024-01-01. */
const CONTEXT_MTIME = 1704067200;

/** The workspace path of the build's Dockerfile (`-f`, else `Dockerfile` in the context), `null` outside the workspace. */
export function workspaceDockerfile(opts: Pick<BuildOptions, 'file' | 'context'>): string | null {
  if (opts.file !== undefined) return resolvePath('', opts.file);
  const context = resolvePath('', opts.context);
  return context === null ? null : context === '' ? 'Dockerfile' : `${context}/Dockerfile`;
}

/** The workspace as the place a build reads and writes (`paths` resolve from the workspace's root). */
function workspacePlace(files: ReadonlyMap<string, WorkspaceContent>, out: CommandSink): BuildPlace {
  const at = (path: string) => resolvePath('', path);
  return {
    readText: (path) => textAt(files, at(path)),
    isDirectory: (path) => {
      const dir = at(path);
      return dir !== null && isDirectory(files.keys(), dir);
    },
    readContext: (dir) => contextFiles(files, at(dir)!, CONTEXT_MTIME),
    readSecrets: (specs) => workspaceSecrets(specs, files),
    deliver: (o, tags) => deliver(o, tags, out),
  };
}

/** Run `docker build` over `files`. */
export async function buildInPage(
  opts: BuildOptions,
  files: ReadonlyMap<string, WorkspaceContent>,
  page: PageBuildState,
  out: CommandSink,
  signal?: AbortSignal,
  terminal: TerminalInfo = { tty: false },
  hooks: PageBuildHooks = {},
): Promise<PageBuildOutcome> {
  return runDockerBuild(opts, workspacePlace(files, out), {
    stdout: (t) => out.stdout(t),
    stderr: (t) => out.stderr(t),
    stderrIsTTY: terminal.tty,
    ...(terminal.columns ? { columns: terminal.columns } : {}),
    ...(terminal.rows ? { rows: terminal.rows } : {}),
    deps: yieldingDeps(page.deps, page.tick),
    cache: page.cache,
    cacheMounts: page.cacheMounts,
    state: page.store,
    now: page.now,
    ...(signal ? { signal } : {}),
    ...(hooks.stages ? { stages: hooks.stages } : {}),
    ...(hooks.onEvent ? { onEvent: hooks.onEvent } : {}),
  });
}

/** Write one output where the command runs (or hand it over as a download); an error message when it cannot be. */
function deliver(o: OutputResult, tags: readonly string[], out: CommandSink): string | undefined {
  const spec = o.spec;
  if (spec.type === 'image' || spec.type === 'cacheonly') return undefined;
  if (out.files) {
    if (spec.type === 'local' && o.files) return out.files.writeTree(spec.dest, o.files);
    if (spec.type !== 'local' && o.archive && spec.dest && spec.dest !== '-') return out.files.writeFile(spec.dest, o.archive);
    if (spec.type === 'local' || !o.archive) return undefined;
    return 'stageplay: an archive on stdout (dest=-) cannot go through this terminal; use dest=FILE';
  }
  let name: string;
  let bytes: Uint8Array;
  let type: string;
  if (spec.type === 'local') {
    if (!o.files) return undefined;
    name = `${basename(spec.dest.replace(/\/+$/, '')) || 'output'}.zip`;
    bytes = zipLocal(o.files);
    type = 'application/zip';
  } else {
    if (!o.archive) return undefined;
    const named = 'name' in spec ? spec.name?.split(',')[0] : undefined;
    name = spec.dest && spec.dest !== '-' ? basename(spec.dest) : archiveName(named ?? tags[0]);
    bytes = o.archive;
    type = 'application/x-tar';
  }
  if (!out.download) return `cannot download ${name} here`;
  out.download(name, bytes, type);
  return undefined;
}

/** A download name for an image archive from its reference: `buildme:v1` → `buildme_v1.tar`. */
export function archiveName(ref: string | undefined): string {
  if (ref === undefined) return 'image.tar';
  let repo = ref;
  let tag = 'latest';
  try {
    const r = parseReference(ref);
    repo = r.path;
    tag = r.tag ?? (r.digest ? r.digest.replace(/^sha256:/, '').slice(0, 12) : 'latest');
  } catch {
    // not a reference (an image ID): use it as given
  }
  const base = repo.split('/').pop() ?? repo;
  return `${base}${tag === 'latest' ? '' : `_${tag.replace(/[^\w.-]/g, '_')}`}.tar`;
}
