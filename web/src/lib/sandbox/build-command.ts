/**
 * `docker build` in the sandbox worker (the page's engine thread): the workspace as the
 * context, the engine's build runner (the CLI's), and `-o` outputs written into the
 * workspace (as the CLI writes them to the current directory), or offered as downloads
 * where there is no workspace to write to.
 */
import type { BuildRequest, OutputResult } from '../../../../engine/build/types.ts';
import type { CacheMountStore, LayerCache } from '../../../../engine/cache/index.ts';
import {
  OutputSpecError,
  parseOutputs,
  printSolveError,
  runFrontendCall,
  yieldingDeps,
  type BuildOptions,
  type LocalImages,
} from '../../../../engine/commands/index.ts';
import type { WorkspaceContent } from '../../../../engine/commands/shell-host.ts';
import type { LocalFile } from '../../../../engine/image/index.ts';
import type { PlatformDeps } from '../../../../engine/platform/types.ts';
import { parseReference } from '../../../../engine/reference/index.ts';
import { basename, isDirectory, resolvePath } from '../workspace/paths.ts';
import { runPageBuild, type RunnerHooks, type RunOutcome } from './build-runner.ts';
import { contextFiles } from './context-files.ts';
import { SecretSpecError, workspaceSecrets } from './secrets.ts';
import { zipLocal } from './zip-local.ts';

/** Where a command writes, and how it hands the learner a file. */
export interface CommandSink {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Offer bytes as a browser download; absent = downloads are not possible here. */
  download?(name: string, bytes: Uint8Array, type: string): void;
  /** The directory outputs are written to (`-o dir`, `-o type=tar,dest=x.tar`, `save -o`); absent = downloads. */
  files?: OutputWriter;
}

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

/** The terminal a build draws on: `--progress=auto` picks BuildKit's tty view on a TTY. */
export interface TerminalInfo {
  readonly tty: boolean;
  /** Width in columns (default 80). */
  readonly columns?: number;
  /** Height in rows: live tty frames fit it. */
  readonly rows?: number;
}

/** How a page build ended, with what its `BuildRecord` needs. */
export interface PageBuildOutcome extends RunOutcome {
  /** The request, once the build got that far (absent for `--call`/`--check` and input errors). */
  readonly request?: BuildRequest;
  /** The message of a failure before the build started (bad context, Dockerfile, `-o`, `--secret`). */
  readonly inputError?: string;
}

/** The mtime the workspace's files get in the context (it keeps no times): 2024-01-01. */
const CONTEXT_MTIME = 1704067200;

/** The workspace path of the build's Dockerfile (`-f`, else `Dockerfile` in the context), `null` outside the workspace. */
export function workspaceDockerfile(opts: Pick<BuildOptions, 'file' | 'context'>): string | null {
  if (opts.file !== undefined) return resolvePath('', opts.file);
  const context = resolvePath('', opts.context);
  return context === null ? null : context === '' ? 'Dockerfile' : `${context}/Dockerfile`;
}

/** Print `ERROR: message` and end the build before it starts. */
function inputError(out: CommandSink, message: string): PageBuildOutcome {
  out.stderr(`ERROR: ${message}\n`);
  return { exitCode: 1, inputError: message };
}

/** Run `docker build` over `files`. */
export async function buildInPage(
  opts: BuildOptions,
  files: ReadonlyMap<string, WorkspaceContent>,
  page: PageBuildState,
  out: CommandSink,
  signal?: AbortSignal,
  terminal: TerminalInfo = { tty: false },
  hooks: RunnerHooks = {},
): Promise<PageBuildOutcome> {
  const context = resolvePath('', opts.context);
  if (context === null || !isDirectory(files.keys(), context)) return inputError(out, `unable to prepare context: path "${opts.context}" not found`);
  const dockerfilePath = workspaceDockerfile(opts);
  const text = textAt(files, dockerfilePath);
  const name = opts.file !== undefined ? basename(opts.file) : 'Dockerfile';
  if (text === undefined) return inputError(out, `failed to solve: failed to read dockerfile: open ${name}: no such file or directory`);
  const dockerfile = { name, text };
  // BuildKit reads `<Dockerfile>.dockerignore` beside the Dockerfile first, then the context's
  const ownIgnore = dockerfilePath === null ? undefined : textAt(files, `${dockerfilePath}.dockerignore`);
  const called = runFrontendCall(opts, dockerfile, out, ownIgnore ?? textAt(files, context === '' ? '.dockerignore' : `${context}/.dockerignore`));
  if (called !== undefined) return { exitCode: called };
  let outputs;
  let secrets;
  try {
    outputs = parseOutputs(opts.outputs, opts.tags);
    secrets = workspaceSecrets(opts.secrets, files);
  } catch (err) {
    if (err instanceof OutputSpecError || err instanceof SecretSpecError) return inputError(out, err.message);
    return { exitCode: printSolveError(err, dockerfile, out), error: err };
  }
  const request = {
    dockerfile: text,
    dockerfileName: name,
    context: contextFiles(files, context, CONTEXT_MTIME),
    ...(opts.target !== undefined ? { target: opts.target } : {}),
    buildArgs: opts.buildArgs,
    platforms: opts.platforms,
    tags: opts.tags,
    noCache: opts.noCache,
    outputs,
    ...(opts.secrets.length > 0 ? { secrets } : {}),
    ...(ownIgnore !== undefined ? { dockerignore: ownIgnore } : {}),
    ...(Object.keys(opts.labels).length > 0 ? { labels: opts.labels } : {}),
  };
  const outcome = await runPageBuild(opts, dockerfile, request, {
    stdout: (t) => out.stdout(t),
    stderr: (t) => out.stderr(t),
    stderrIsTTY: terminal.tty,
    ...(terminal.columns ? { columns: terminal.columns } : {}),
    deps: yieldingDeps(page.deps, page.tick),
    cache: page.cache,
    cacheMounts: page.cacheMounts,
    state: page.store,
    now: page.now,
    ...(signal ? { signal } : {}),
  }, { ...hooks, ...(terminal.rows ? { rows: terminal.rows } : {}) });
  for (const o of outcome.result?.outputs ?? []) if (!deliver(o, opts.tags, out)) return { ...outcome, request, exitCode: 1 };
  return { ...outcome, request };
}

/** Write one output where the command runs (or hand it over as a download); false (after an error) when it cannot be. */
function deliver(o: OutputResult, tags: readonly string[], out: CommandSink): boolean {
  const spec = o.spec;
  if (spec.type === 'image' || spec.type === 'cacheonly') return true;
  if (out.files) {
    let failed: string | undefined;
    if (spec.type === 'local' && o.files) failed = out.files.writeTree(spec.dest, o.files);
    else if (spec.type !== 'local' && o.archive && spec.dest && spec.dest !== '-') failed = out.files.writeFile(spec.dest, o.archive);
    else if (spec.type === 'local' || !o.archive) return true;
    else failed = 'stageplay: an archive on stdout (dest=-) cannot go through this terminal; use dest=FILE';
    if (failed === undefined) return true;
    out.stderr(`ERROR: ${failed}\n`);
    return false;
  }
  let name: string;
  let bytes: Uint8Array;
  let type: string;
  if (spec.type === 'local') {
    if (!o.files) return true;
    name = `${basename(spec.dest.replace(/\/+$/, '')) || 'output'}.zip`;
    bytes = zipLocal(o.files);
    type = 'application/zip';
  } else {
    if (!o.archive) return true;
    const named = 'name' in spec ? spec.name?.split(',')[0] : undefined;
    name = spec.dest && spec.dest !== '-' ? basename(spec.dest) : archiveName(named ?? tags[0]);
    bytes = o.archive;
    type = 'application/x-tar';
  }
  if (!out.download) {
    out.stderr(`ERROR: cannot download ${name} here\n`);
    return false;
  }
  out.download(name, bytes, type);
  return true;
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
