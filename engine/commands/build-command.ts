/**
 * `docker build`, the whole command, for every place it runs: the context and the
 * Dockerfile checked and read, the front end's calls (`--check`, `--call`), `-o` and
 * `--secret` read, the request assembled, the build run (`runBuildRequest`), then its
 * outputs handed to the place. The CLI (files on disk) and the page (the workspace) differ
 * only in their `BuildPlace` and `BuildHost`, so the same line prints the same bytes in both.
 */
import type { BuildRequest, OutputResult } from '../build/types.ts';
import type { ContextFile } from '../context/context.ts';
import { dockerfileIgnorePath } from '../context/dockerignore.ts';
import { baseName, dirName } from '../toolchain/sh/path.ts';
import { printSolveError, runFrontendCall } from './calls.ts';
import type { BuildOptions } from './docker.ts';
import { OutputSpecError, parseOutputs } from './outputs.ts';
import { SecretSpecError } from './secrets.ts';
import { runBuildRequest, type BuildHost, type BuildOutcome } from './build.ts';

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
export interface DockerBuildOutcome extends Omit<BuildOutcome, 'outputs'> {
  /** The request, once the build got that far (absent for `--call`/`--check` and input errors). */
  readonly request?: BuildRequest;
  /** The message of a failure before the build started (context, Dockerfile, `-o`, `--secret`). */
  readonly inputError?: string;
}

/** `a/b` joined lexically (`.` and `` are the directory itself). */
function join(dir: string, name: string): string {
  return dir === '' || dir === '.' ? name : `${dir.replace(/\/+$/, '')}/${name}`;
}

/** Run `docker build` as `opts` asks, reading from and writing to `place`. */
export async function runDockerBuild(opts: BuildOptions, place: BuildPlace, host: BuildHost): Promise<DockerBuildOutcome> {
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
  const { outputs, ...outcome } = await runBuildRequest(opts, dockerfile, request, host);
  for (const o of outputs) {
    const failed = place.deliver(o, opts.tags);
    if (failed === undefined) continue;
    host.stderr(`ERROR: ${failed}\n`);
    return { ...outcome, request, exitCode: 1 };
  }
  return { ...outcome, request };
}
