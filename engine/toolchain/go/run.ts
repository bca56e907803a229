/** `go run [build flags] package [arguments]`: build to a temporary binary, then run it with the arguments. */
import type { ExecContext, ExecResult } from '../types.ts';
import { BUILD_BOOLS, BUILD_VALUES, ensureModules, loadBuild } from './build.ts';
import { checkPackage, compileGraph, goProgram, linkBinary } from './compile.ts';
import type { GoEnv } from './env.ts';
import { STARTUP_MS, reportFailure } from './fail.ts';
import { parseFlags, parseLdflags } from './flags.ts';
import { runGo } from './interp/run.ts';
import { processOptions } from './interp/process.ts';
import { GoCommandError } from './load.ts';

/**
 * Runs `go run argv`: the first positional argument is the package; the rest go to the
 * program, whose argv[0] is the temporary binary (`/tmp/go-build/b001/exe/server`). A
 * program that exits non-zero makes go print `exit status N` and exit 1, as Go does.
 */
export async function runRun(ctx: ExecContext, env: GoEnv, argv: readonly string[]): Promise<ExecResult> {
  let ms = STARTUP_MS;
  let program;
  let exe;
  try {
    const flags = parseFlags([...env.goflags, ...argv], BUILD_BOOLS, BUILD_VALUES);
    if (!flags.args.length) throw new GoCommandError('go: no go files listed');
    const ld = parseLdflags(flags.values.get('ldflags') ?? '');
    const graph = loadBuild(ctx, env, [flags.args[0]!], false);
    const pkg = graph.roots[0]!;
    if (pkg.name !== 'main') throw new GoCommandError(`package ${pkg.importPath} is not a main package`);
    ms += ensureModules(ctx, env, graph.modules);
    for (const p of graph.order) checkPackage(p, p === pkg, graph.pkgs);
    ms += compileGraph(ctx.fs, env, graph, `${flags.bools.has('trimpath')}||false`).ms;
    const link = { xdefs: ld.xdefs, strip: ld.strip, trimpath: flags.bools.has('trimpath') };
    ms += linkBinary(graph, pkg, env, link).ms;
    exe = `/tmp/go-build/b001/exe/${pkg.importPath.split('/').pop()}`;
    if (env.goos !== env.hostOs || env.goarch !== env.hostArch) throw new GoCommandError(`fork/exec ${exe}: exec format error`);
    program = { program: goProgram(graph, pkg, link), args: flags.args.slice(1) };
  } catch (e) {
    return reportFailure(e, ctx, "usage: go run [build flags] [-exec xprog] package [arguments...]\nRun 'go help run' for details.", ms);
  }
  const status = await runGo(program.program, processOptions(ctx, [exe, ...program.args]));
  if (status === 0) return { exitCode: 0, modeledMs: ms + 5 };
  // a program killed by its signal: go reports the signal (os/exec's ExitError), not a status
  const killed = ctx.signal?.aborted ? { 130: 'interrupt', 143: 'terminated', 137: 'killed' }[status] : undefined;
  ctx.stderr(killed ? `signal: ${killed}\n` : `exit status ${status}\n`);
  return { exitCode: 1, modeledMs: ms + 5 };
}
