import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { BuildRequest, OutputResult } from '../engine/build/types.ts';
import { runBuildRequest, runFrontendCall, type BuildOptions } from '../engine/commands/index.ts';
import { nodeDeps } from '../engine/platform/node.ts';
import type { CliIO } from './io.ts';
import { OutputSpecError, parseOutputs } from './outputs.ts';
import { readSecrets, SecretSpecError } from './secrets.ts';
import { ContextDirError, readContextDir } from './context-dir.ts';
import { dockerfileIgnorePath } from '../engine/context/dockerignore.ts';
import { LocalState, stateRoot } from './state.ts';
import { BuildCaches } from './cache-files.ts';
import { LocalOutputError, LocalWrites, writeLocal } from './write-local.ts';
import { yieldingDeps } from './yielding.ts';
import { StoreLayerBlobs } from './layer-blobs.ts';
import { withStageWorkers } from './jobs.ts';

/**
 * `stageplay build ...`: the front end's calls (`--check`, `--call=targets`), or a build:
 * the context read from disk, the layer cache and cache mounts loaded from the state root,
 * progress as `--progress` asks, then the image stored under its tags and the `-o`
 * outputs written. Failures print buildx's error shape and exit 1.
 */
export async function runBuild(opts: BuildOptions, io: CliIO): Promise<number> {
  const contextDir = resolve(io.cwd, opts.context);
  const dockerfilePath = opts.file ? resolve(io.cwd, opts.file) : join(contextDir, 'Dockerfile');
  let text: string;
  try {
    text = readFileSync(dockerfilePath, 'utf8');
  } catch {
    io.stderr(`ERROR: resolve : lstat ${opts.file ?? join(opts.context, 'Dockerfile')}: no such file or directory\n`);
    return 1;
  }
  const dockerfile = { name: basename(dockerfilePath), text };
  // BuildKit reads `<Dockerfile>.dockerignore` beside the Dockerfile first, then the context's
  const ownIgnore = readText(dockerfileIgnorePath(dockerfilePath));
  const called = runFrontendCall(opts, dockerfile, io, ownIgnore ?? readText(join(contextDir, '.dockerignore')));
  if (called !== undefined) return called;

  if (!existsSync(contextDir) || !statSync(contextDir).isDirectory()) {
    io.stderr(`ERROR: unable to prepare context: path "${opts.context}" not found\n`);
    return 1;
  }
  let request: BuildRequest;
  try {
    request = {
      dockerfile: text,
      dockerfileName: dockerfile.name,
      context: readContextDir(contextDir, undefined, ownIgnore),
      ...(ownIgnore !== undefined ? { dockerignore: ownIgnore } : {}),
      ...(opts.target !== undefined ? { target: opts.target } : {}),
      buildArgs: opts.buildArgs,
      platforms: opts.platforms,
      tags: opts.tags,
      noCache: opts.noCache,
      outputs: parseOutputs(opts.outputs, opts.tags),
      secrets: readSecrets(opts.secrets, io.env, io.cwd),
      ...(Object.keys(opts.labels).length > 0 ? { labels: opts.labels } : {}),
    };
  } catch (err) {
    if (err instanceof ContextDirError) {
      io.stderr(`ERROR: failed to solve: ${err.message}\n`);
      return 1;
    }
    if (err instanceof OutputSpecError || err instanceof SecretSpecError) {
      io.stderr(`ERROR: ${err.message}\n`);
      return 1;
    }
    throw err;
  }

  const warn = (line: string) => io.stderr(line + '\n');
  const state = LocalState.open(stateRoot(io.env, io.cwd, opts.root), warn);
  const caches = BuildCaches.open(state.root, warn);

  const { exitCode, outputs } = await withStageWorkers(opts.jobs, (stages) => runBuildRequest(opts, dockerfile, request, {
    ...io,
    ...(stages ? { stages } : {}),
    stdout: (t) => io.stdout(t),
    stderr: (t) => io.stderr(t),
    deps: yieldingDeps({ ...nodeDeps, layerBlobs: new StoreLayerBlobs(state) }),
    cache: caches.cache,
    cacheMounts: caches.mounts,
    state,
    now: () => Date.now(),
    tagNow: () => io.now?.() ?? Date.now(),
  }));
  caches.save();
  const writes = new LocalWrites();
  try {
    for (const out of outputs) writeOutput(out, io, writes);
  } catch (err) {
    if (!(err instanceof LocalOutputError)) throw err;
    io.stderr(`ERROR: ${err.message}\n`);
    return 1;
  }
  return exitCode;
}

/** A file's text, undefined when it cannot be read (the ignore files are optional). */
function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Write one output where its `dest` says (`-` = stdout). */
function writeOutput(out: OutputResult, io: CliIO, writes: LocalWrites): void {
  const spec = out.spec;
  if (spec.type === 'local' && out.files) {
    writeLocal(resolve(io.cwd, spec.dest), out.files, writes);
    return;
  }
  if (!out.archive || spec.type === 'image' || spec.type === 'local' || spec.type === 'cacheonly') return;
  const dest = spec.dest ?? '-';
  if (dest === '-') {
    if (io.stdoutBytes && !io.stdoutIsTTY) io.stdoutBytes(out.archive);
    else io.stderr('ERROR: refusing to write the archive to a terminal: add dest=FILE to -o\n');
    return;
  }
  writeFileSync(resolve(io.cwd, dest), out.archive);
}
