/**
 * `docker build` in the page: the workspace as the context, the engine's build runner
 * (the CLI's), and `-o` outputs turned into downloads.
 */
import type { OutputResult } from '../../../../engine/build/types.ts';
import type { CacheMountStore, LayerCache } from '../../../../engine/cache/index.ts';
import {
  OutputSpecError,
  parseOutputs,
  printSolveError,
  runBuildRequest,
  runFrontendCall,
  yieldingDeps,
  type BuildOptions,
  type LocalImages,
} from '../../../../engine/commands/index.ts';
import { loadDockerfile } from '../../../../engine/dockerfile/index.ts';
import type { PlatformDeps } from '../../../../engine/platform/types.ts';
import { parseReference } from '../../../../engine/reference/index.ts';
import { basename, isDirectory, resolvePath } from '../workspace/paths.ts';
import { contextFiles } from './context-files.ts';
import { zipLocal } from './zip-local.ts';

/** Where a command writes, and how it hands the learner a file. */
export interface CommandSink {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Offer bytes as a browser download; absent = downloads are not possible here. */
  download?(name: string, bytes: Uint8Array, type: string): void;
}

/** What a build in the page keeps between commands (for the page's lifetime). */
export interface PageBuildState {
  readonly deps: PlatformDeps;
  readonly cache: LayerCache;
  readonly cacheMounts: CacheMountStore;
  readonly store: LocalImages;
  /** One turn of the event loop, awaited at each hash and gzip. */
  tick(): Promise<void>;
  now(): number;
}

/** The mtime the workspace's files get in the context (it keeps no times): 2024-01-01. */
const CONTEXT_MTIME = 1704067200;

/** Run `docker build` over `files`; returns the exit code. */
export async function buildInPage(opts: BuildOptions, files: ReadonlyMap<string, string>, page: PageBuildState, out: CommandSink, signal?: AbortSignal): Promise<number> {
  const context = resolvePath('', opts.context);
  if (context === null || !isDirectory(files.keys(), context)) {
    out.stderr(`ERROR: unable to prepare context: path "${opts.context}" not found\n`);
    return 1;
  }
  const dockerfilePath = opts.file !== undefined ? resolvePath('', opts.file) : context === '' ? 'Dockerfile' : `${context}/Dockerfile`;
  const text = dockerfilePath === null ? undefined : files.get(dockerfilePath);
  const name = opts.file !== undefined ? basename(opts.file) : 'Dockerfile';
  if (text === undefined) {
    out.stderr(`ERROR: failed to solve: failed to read dockerfile: open ${name}: no such file or directory\n`);
    return 1;
  }
  const dockerfile = { name, text };
  const called = runFrontendCall(opts, dockerfile, out);
  if (called !== undefined) return called;
  if (opts.call.name === 'outline') {
    out.stderr('ERROR: --call=outline is not available in this sandbox yet; use --check or --call=targets\n');
    return 1;
  }
  if (opts.secrets.length > 0) {
    out.stderr('ERROR: --secret is not available in the browser sandbox yet (the stageplay CLI supports it)\n');
    return 1;
  }
  let outputs;
  try {
    outputs = parseOutputs(opts.outputs, opts.tags);
    // A front-end error fails before any progress, as BuildKit's frontend does.
    loadDockerfile(text, { target: opts.target, buildArgs: opts.buildArgs, platform: opts.platforms[0] });
  } catch (err) {
    if (err instanceof OutputSpecError) {
      out.stderr(`ERROR: ${err.message}\n`);
      return 1;
    }
    return printSolveError(err, dockerfile, out);
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
  };
  const result = await runBuildRequest(opts, dockerfile, request, {
    stdout: (t) => out.stdout(t),
    stderr: (t) => out.stderr(t),
    // The page shows BuildKit's plain log; the tty view comes with the progress panel.
    stderrIsTTY: false,
    deps: yieldingDeps(page.deps, page.tick),
    cache: page.cache,
    cacheMounts: page.cacheMounts,
    state: page.store,
    now: page.now,
    ...(signal ? { signal } : {}),
  });
  for (const o of result.outputs) if (!deliver(o, opts.tags, out)) return 1;
  return result.exitCode;
}

/** Hand one output to the learner as a download; false (after an error) when it cannot be. */
function deliver(o: OutputResult, tags: readonly string[], out: CommandSink): boolean {
  const spec = o.spec;
  if (spec.type === 'image') return true;
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
