/** `go run [build flags] package [arguments]`: build to a temporary binary, then run it. */
import type { ExecContext, ExecResult } from '../types.ts';
import { BUILD_BOOLS, BUILD_VALUES, ensureModules, loadBuild } from './build.ts';
import { checkPackage, compileGraph, linkBinary } from './compile.ts';
import type { GoEnv } from './env.ts';
import { STARTUP_MS, reportFailure } from './fail.ts';
import { parseFlags, parseLdflags } from './flags.ts';
import { GoCommandError } from './load.ts';
import { mainOutput, valueScope } from './output.ts';

/** Runs `go run argv`: the first positional argument is the package; the rest go to the program. */
export function runRun(ctx: ExecContext, env: GoEnv, argv: readonly string[]): ExecResult {
  let ms = STARTUP_MS;
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
    ms += linkBinary(graph, pkg, env, { xdefs: ld.xdefs, strip: ld.strip, trimpath: flags.bools.has('trimpath') }).ms;
    if (env.goos !== env.hostOs || env.goarch !== env.hostArch) {
      throw new GoCommandError(`fork/exec /tmp/go-build/b001/exe/${pkg.importPath.split('/').pop()}: exec format error`);
    }
    for (const c of mainOutput(pkg, valueScope(graph.pkgs, pkg.importPath, ld.xdefs))) (c.fd === 2 ? ctx.stderr : ctx.stdout).call(ctx, c.text);
    return { exitCode: 0, modeledMs: ms + 5 };
  } catch (e) {
    return reportFailure(e, ctx, "usage: go run [build flags] [-exec xprog] package [arguments...]\nRun 'go help run' for details.", ms);
  }
}
