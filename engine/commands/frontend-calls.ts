import { loadDockerfile, warningsOf, type LoadOptions } from '../frontend/index.ts';
import { formatCheck, formatTargets, sourceExcerpt } from '../report/index.ts';
import { EngineError } from '../source/errors.ts';
import { ignoreMatcher } from '../context/index.ts';
import type { BuildFlags } from './docker.ts';
import { formatOutline, outlineJSON, outlineOf } from './outline.ts';
import { targetsJSON, targetsOf } from './targets.ts';

/** Where a command writes; both the CLI and the web terminal provide one. */
export interface CommandOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** The Dockerfile a build reads, with the name its excerpts show. */
export interface DockerfileSource {
  readonly name: string;
  readonly text: string;
}

/** Front-end options of a `docker build` command line. */
export function loadOptionsOf(opts: BuildFlags): LoadOptions {
  return { target: opts.target, buildArgs: opts.buildArgs, platform: opts.platforms[0] };
}

/**
 * Run `docker build --call=check|outline|targets` (the calls that need only the front end) and
 * return the exit code; `undefined` for `--call=build`, which the caller executes.
 * Output is buildx's: the check report on stdout (exit 1 when a rule fired) and a check's
 * build error as `ERROR: <message>` then the excerpt (buildx `PrintErrorTo`); other
 * errors as the excerpt then `ERROR: failed to solve: <message>`. `dockerignore` is the
 * context's `.dockerignore`, for the check's CopyIgnoredFile rule.
 */
export function runFrontendCall(opts: BuildFlags, dockerfile: DockerfileSource, out: CommandOutput, dockerignore?: string): number | undefined {
  const load = loadOptionsOf(opts);
  if (opts.call.name === 'check') {
    try {
      const ignore = dockerignore !== undefined ? ignoreMatcher(dockerignore) : undefined;
      const fe = loadDockerfile(dockerfile.text, { ...load, allStages: opts.target === undefined, ...(ignore ? { ignore } : {}) });
      out.stdout(opts.call.format === 'json' ? JSON.stringify({ warnings: fe.warnings }, null, 2) + '\n' : formatCheck(dockerfile.name, dockerfile.text, fe.warnings));
      return fe.warnings.length > 0 ? 1 : 0;
    } catch (err) {
      if (!(err instanceof EngineError)) throw err;
      // the warnings found before the error, then a blank line and the error (buildx printResult)
      const warnings = warningsOf(err);
      if (warnings.length > 0) out.stdout(formatCheck(dockerfile.name, dockerfile.text, warnings) + '\n');
      out.stderr(`ERROR: ${err.message}\n${sourceExcerpt(dockerfile.name, dockerfile.text, err.ranges)}`);
      return 1;
    }
  }
  if (opts.call.name === 'outline') {
    try {
      const o = outlineOf(loadDockerfile(dockerfile.text, load), opts.buildArgs);
      out.stdout(opts.call.format === 'json' ? outlineJSON(o, dockerfile.text) + '\n' : formatOutline(o));
      return 0;
    } catch (err) {
      return printSolveError(err, dockerfile, out);
    }
  }
  if (opts.call.name !== 'targets') return undefined;
  try {
    const list = targetsOf(dockerfile.text);
    out.stdout(opts.call.format === 'json' ? targetsJSON(list, dockerfile.text) + '\n' : formatTargets(list.map((t) => ({ ...t, isDefault: t.default }))));
    return 0;
  } catch (err) {
    return printSolveError(err, dockerfile, out);
  }
}

/**
 * A failed build as buildx prints it: the framed excerpt for the error's ranges, then
 * `ERROR: failed to solve: <message>`. Returns the exit code (1). Non-engine errors are
 * stageplay bugs and rethrown.
 */
export function printSolveError(err: unknown, dockerfile: DockerfileSource, out: CommandOutput): number {
  if (!(err instanceof EngineError)) throw err;
  if (err.ranges.length > 0) out.stderr(sourceExcerpt(dockerfile.name, dockerfile.text, err.ranges));
  out.stderr(`ERROR: failed to solve: ${err.message}\n`);
  return 1;
}
