import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { build } from '../engine/build/index.ts';
import type { BuildRequest, BuildResult, OutputResult } from '../engine/build/types.ts';
import { MemoryCacheMountStore, MemoryLayerCache, type CacheDump, type CacheMountDump } from '../engine/cache/index.ts';
import { printSolveError, runFrontendCall, type BuildOptions } from '../engine/commands/index.ts';
import { nodeDeps } from '../engine/platform/node.ts';
import { formatBuildWarnings } from '../engine/report/index.ts';
import { EngineError } from '../engine/source/index.ts';
import { persistImage } from '../engine/store/index.ts';
import type { CliIO } from './io.ts';
import { printBuildError } from './errors.ts';
import { OutputSpecError, parseOutputs } from './outputs.ts';
import { readSecrets, SecretSpecError } from './secrets.ts';
import { readContextDir } from './context-dir.ts';
import { progressSink } from './progress.ts';
import { LocalState, stateRoot } from './state.ts';
import { readDump, writeDump } from './cache-files.ts';
import { isCatalogLayer } from './base-layers.ts';
import { writeLocal } from './write-local.ts';
import { yieldingDeps } from './yielding.ts';

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
  const called = runFrontendCall(opts, dockerfile, io);
  if (called !== undefined) return called;
  if (opts.call.name === 'outline') {
    io.stderr('ERROR: --call=outline is not supported by stageplay yet (try --call=targets or --check)\n');
    return 1;
  }

  if (!existsSync(contextDir) || !statSync(contextDir).isDirectory()) {
    io.stderr(`ERROR: unable to prepare context: path "${opts.context}" not found\n`);
    return 1;
  }
  let request: BuildRequest;
  try {
    request = {
      dockerfile: text,
      dockerfileName: dockerfile.name,
      context: readContextDir(contextDir),
      ...(opts.target !== undefined ? { target: opts.target } : {}),
      buildArgs: opts.buildArgs,
      platforms: opts.platforms,
      tags: opts.tags,
      noCache: opts.noCache,
      outputs: parseOutputs(opts.outputs, opts.tags),
      secrets: readSecrets(opts.secrets, io.env, io.cwd),
    };
  } catch (err) {
    if (err instanceof OutputSpecError || err instanceof SecretSpecError) {
      io.stderr(`ERROR: ${err.message}\n`);
      return 1;
    }
    throw err;
  }

  const warn = (line: string) => io.stderr(line + '\n');
  const state = LocalState.open(stateRoot(io.env, io.cwd, opts.root), warn);
  const cacheDump = readDump<CacheDump>(state.root, 'cache', warn);
  const mountDump = readDump<CacheMountDump>(state.root, 'cache-mounts', warn);
  const cache = cacheDump ? MemoryLayerCache.load(cacheDump) : new MemoryLayerCache();
  const cacheMounts = mountDump ? MemoryCacheMountStore.load(mountDump) : new MemoryCacheMountStore();

  const sink = progressSink(opts.progress, io);
  let result: BuildResult;
  try {
    result = await build(request, { platform: yieldingDeps(nodeDeps), cache, cacheMounts, now: () => Date.now() }, {
      ...(io.signal ? { signal: io.signal } : {}),
      onEvent: (ev) => sink.push(ev),
    });
  } catch (err) {
    sink.finish();
    saveCaches(state, cache, cacheMounts);
    if (err instanceof EngineError) return printSolveError(err, dockerfile, io);
    return printBuildError(io, err, dockerfile);
  }
  sink.finish();
  if (sink.summarizes && result.warnings.length > 0) io.stderr(formatBuildWarnings(result.warnings));
  saveCaches(state, cache, cacheMounts);

  const outputs = request.outputs ?? [];
  const loads = outputs.length === 0 || outputs.some((o) => o.type === 'image');
  const image = result.images[0];
  if (image && loads) {
    const stored = await persistImage(image, state.blobs, {
      storeLayer: async (l) => !isCatalogLayer(await l.digest()),
      oci: true,
      tagTime: new Date(io.now?.() ?? Date.now()).toISOString(),
    });
    state.images.put(stored, opts.tags);
    state.saveImages();
  }
  // buildx -q prints the exporter's image ID; local and tar outputs have none.
  const hasImage = loads || outputs.some((o) => o.type === 'docker' || o.type === 'oci');
  if (opts.progress === 'quiet' && image && hasImage) io.stdout(`${await image.configName()}\n`);
  for (const out of result.outputs) writeOutput(out, io);
  return 0;
}

function saveCaches(state: LocalState, cache: MemoryLayerCache, mounts: MemoryCacheMountStore): void {
  writeDump(state.root, 'cache', cache.dump());
  writeDump(state.root, 'cache-mounts', mounts.dump());
}

/** Write one output where its `dest` says (`-` = stdout). */
function writeOutput(out: OutputResult, io: CliIO): void {
  const spec = out.spec;
  if (spec.type === 'local' && out.files) {
    writeLocal(resolve(io.cwd, spec.dest), out.files);
    return;
  }
  if (!out.archive || spec.type === 'image' || spec.type === 'local') return;
  const dest = spec.dest ?? '-';
  if (dest === '-') {
    if (io.stdoutBytes && !io.stdoutIsTTY) io.stdoutBytes(out.archive);
    else io.stderr('ERROR: refusing to write the archive to a terminal: add dest=FILE to -o\n');
    return;
  }
  writeFileSync(resolve(io.cwd, dest), out.archive);
}
