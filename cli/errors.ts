import { EngineError } from '../engine/source/index.ts';
import { sourceExcerpt } from '../engine/report/index.ts';
import type { CliIO } from './io.ts';

/**
 * Print a failed build as buildx does: the framed Dockerfile excerpt for each error
 * location, then `ERROR: failed to solve: <message>`. Returns the exit code.
 */
export function printBuildError(io: CliIO, err: unknown, dockerfile?: { name: string; text: string }): number {
  if (err instanceof EngineError) {
    if (dockerfile && err.ranges.length > 0) io.stderr(sourceExcerpt(dockerfile.name, dockerfile.text, err.ranges));
    io.stderr(`ERROR: failed to solve: ${err.message}\n`);
    return 1;
  }
  // Not an engine error: a bug in stageplay, not in the learner's Dockerfile. Say so plainly.
  const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
  io.stderr(`ERROR: stageplay internal error (please report it): ${message}\n`);
  return 1;
}
