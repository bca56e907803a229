import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { OutputResult } from '#engine/build';
import { BuildInputError, runDockerBuild, type BuildFlags, type BuildPlace } from '#engine/commands';
import { nodeDeps } from '#engine/platform/node';
import type { CliIO } from './io.ts';
import { readSecrets } from './secrets.ts';
import { ContextDirError, readContextDir } from './context-dir.ts';
import { LocalState, stateRoot } from './state.ts';
import { BuildCaches } from './cache-files.ts';
import { LocalOutputError, LocalWrites, writeLocal } from './write-local.ts';
import { yieldingDeps } from './yielding.ts';
import { StoreLayerBlobs } from './layer-blobs.ts';
import { withStageWorkers } from './jobs.ts';

/**
 * `stageplay build ...`: the engine's `docker build` (`runDockerBuild`) with the CLI's
 * place and host: the context and Dockerfile read from disk, the layer cache and cache
 * mounts loaded from the state root, progress on the terminal, the image stored under its
 * tags and the `-o` outputs written to files (or stdout).
 */
export async function runBuild(opts: BuildFlags, io: CliIO): Promise<number> {
  const at = (path: string) => resolve(io.cwd, path);
  const writes = new LocalWrites();
  const place: BuildPlace = {
    readText: (path) => readText(at(path)),
    isDirectory: (path) => existsSync(at(path)) && statSync(at(path)).isDirectory(),
    readContext(dir, dockerignore) {
      try {
        return readContextDir(at(dir), undefined, dockerignore);
      } catch (err) {
        if (err instanceof ContextDirError) throw new BuildInputError(`failed to solve: ${err.message}`);
        throw err;
      }
    },
    readSecrets: (specs) => readSecrets(specs, io.env, io.cwd),
    deliver(out) {
      try {
        return writeOutput(out, io, writes);
      } catch (err) {
        if (err instanceof LocalOutputError) return err.message;
        throw err;
      }
    },
  };
  // The state root is opened on first use: a front-end call (`--check`, `--call`) or an input
  // error never reads it, never takes its lock, and starts no stage workers.
  const warn = (line: string) => io.stderr(line + '\n');
  let opened: { state: LocalState; caches: BuildCaches; deps: ReturnType<typeof yieldingDeps> } | undefined;
  const open = () => {
    if (opened) return opened;
    const state = LocalState.open(stateRoot(io.env, io.cwd, opts.root), warn);
    opened = { state, caches: BuildCaches.open(state.root, warn), deps: yieldingDeps({ ...nodeDeps, layerBlobs: new StoreLayerBlobs(state) }) };
    return opened;
  };
  const { exitCode } = await withStageWorkers(opts.call.name === 'build' ? opts.jobs : 1, (stages) =>
    runDockerBuild(opts, place, {
      ...io,
      ...(stages ? { stages } : {}),
      stdout: (t) => io.stdout(t),
      stderr: (t) => io.stderr(t),
      get deps() {
        return open().deps;
      },
      get cache() {
        return open().caches.cache;
      },
      get cacheMounts() {
        return open().caches.mounts;
      },
      get state() {
        return open().state;
      },
      now: () => Date.now(),
      tagNow: () => io.now?.() ?? Date.now(),
    }),
  );
  opened?.caches.save();
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

/** Write one output where its `dest` says (`-` = stdout); an error message when it cannot be. */
function writeOutput(out: OutputResult, io: CliIO, writes: LocalWrites): string | undefined {
  const spec = out.spec;
  if (spec.type === 'local' && out.files) {
    writeLocal(resolve(io.cwd, spec.dest), out.files, writes);
    return undefined;
  }
  if (!out.archive || spec.type === 'image' || spec.type === 'local' || spec.type === 'cacheonly') return undefined;
  const dest = spec.dest ?? '-';
  if (dest === '-') {
    if (!io.stdoutBytes || io.stdoutIsTTY) return 'refusing to write the archive to a terminal: add dest=FILE to -o';
    io.stdoutBytes(out.archive);
    return undefined;
  }
  writeFileSync(resolve(io.cwd, dest), out.archive);
  return undefined;
}
