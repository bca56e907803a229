/** How go subcommands report failures on stderr, and their exit statuses. */
import type { ExecContext, ExecResult } from '../types.ts';
import { GoFlagError } from './flags.ts';
import { GoCommandError } from './load.ts';

/** Fixed cost of starting the go command (reading go.mod, the environment). */
export const STARTUP_MS = 40;

/**
 * Prints `e` as cmd/go does and returns the exit status: 2 for flag errors (with the
 * subcommand's usage), 1 for build errors (`# importpath` header for compiler errors).
 * Anything else is rethrown.
 */
export function reportFailure(e: unknown, ctx: ExecContext, usage: string, ms: number, vet = false): ExecResult {
  if (e instanceof GoFlagError) {
    ctx.stderr(`${e.message}\n${usage}\n`);
    return { exitCode: 2, modeledMs: ms };
  }
  if (e instanceof GoCommandError) {
    const body = vet && e.header ? `vet: ${e.message}` : e.message;
    ctx.stderr(e.header ? `# ${e.header}\n${body}\n` : `${body}\n`);
    return { exitCode: 1, modeledMs: ms };
  }
  throw e;
}

/** The error for a directory outside any module. */
export function noGoMod(): GoCommandError {
  return new GoCommandError(`go: go.mod file not found in current directory or any parent directory; see 'go help modules'`);
}
