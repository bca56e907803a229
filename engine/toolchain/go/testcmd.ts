/**
 * `go test [-v] [-run re] [-cover] [packages]`. A test is a `func TestXxx(t *testing.T)`
 * in a `_test.go` file; it fails exactly when its body calls `t.Fatal`, `t.Fatalf`,
 * `t.Error`, `t.Errorf`, `t.Fail` or `t.FailNow` at its top level (outside any `if`,
 * loop or closure). Conditional checks are assumed to pass.
 */
import type { ExecContext, ExecResult } from '../types.ts';
import { BUILD_BOOLS, BUILD_VALUES, ensureModules, loadBuild } from './build.ts';
import type { GoArg } from './calls.ts';
import { topLevelCalls } from './calls.ts';
import { cached, checkPackage, compileGraph, tokensSeed } from './compile.ts';
import type { GoEnv } from './env.ts';
import { STARTUP_MS, reportFailure } from './fail.ts';
import { GoFlagError, parseFlags } from './flags.ts';
import type { GoPackage } from './load.ts';
import type { GoFunc } from './source.ts';

const FAILS = /^(Fatal|Fatalf|Error|Errorf|Fail|FailNow)$/;

/** The `t` parameter name of a test func (`t *testing.T` → `t`). */
function testParam(fn: GoFunc): string | undefined {
  const [name, star] = fn.params;
  return name?.kind === 'ident' && star?.value === '*' ? name.value : undefined;
}

/** The message gc's testing package would log for a failure call, as far as it is a literal. */
function failMessage(args: readonly GoArg[], formatted: boolean): string {
  const lits = args.map((a) => (a.kind === 'lit' ? a.value : undefined));
  if (formatted) return lits[0] ?? '';
  return lits.every((l) => l !== undefined) ? (lits as string[]).join(' ') : (lits[0] ?? '');
}

interface TestOutcome {
  readonly name: string;
  readonly failure?: { file: string; line: number; message: string };
}

function runTests(pkg: GoPackage, run: RegExp | undefined): TestOutcome[] {
  const out: TestOutcome[] = [];
  for (const f of pkg.testFiles) {
    for (const fn of f.funcs.values()) {
      if (!/^Test([^a-z]|$)/.test(fn.name) || (run && !run.test(fn.name))) continue;
      const t = testParam(fn);
      const fail = t ? topLevelCalls(fn.body).find((c) => c.recv === t && FAILS.test(c.fn)) : undefined;
      const file = f.path.slice(f.path.lastIndexOf('/') + 1);
      out.push(fail ? { name: fn.name, failure: { file, line: fail.line, message: failMessage(fail.args, fail.fn.endsWith('f')) } } : { name: fn.name });
    }
  }
  return out;
}

/** Statement coverage the mock reports: share of the package's funcs named in its tests. */
function coverage(pkg: GoPackage): string {
  const funcs = pkg.files.flatMap((f) => [...f.funcs.keys()]);
  if (!funcs.length) return '[no statements]';
  const used = new Set(pkg.testFiles.flatMap((f) => f.tokens.all().filter((t) => t.kind === 'ident').map((t) => t.value)));
  const pct = (100 * funcs.filter((n) => used.has(n)).length) / funcs.length;
  return `${pct.toFixed(1)}% of statements`;
}

/** Runs `go test argv`. */
export function runTest(ctx: ExecContext, env: GoEnv, argv: readonly string[]): ExecResult {
  let ms = STARTUP_MS;
  try {
    const flags = parseFlags([...env.goflags, ...argv], [...BUILD_BOOLS, 'cover', 'short', 'failfast', 'json'], [...BUILD_VALUES, 'run', 'count', 'timeout', 'coverprofile', 'covermode', 'parallel', 'bench', 'skip']);
    let run: RegExp | undefined;
    const re = flags.values.get('run');
    if (re) {
      try {
        run = new RegExp(re);
      } catch {
        throw new GoFlagError(`invalid value "${re}" for flag -test.run: error parsing regexp`);
      }
    }
    const graph = loadBuild(ctx, env, flags.args, true);
    ms += ensureModules(ctx, env, graph.modules);
    for (const pkg of graph.order) checkPackage(pkg, false, graph.pkgs);
    const std = new Set([...graph.std, 'testing']);
    ms += compileGraph(ctx.fs, env, { ...graph, std }, 'test').ms;
    const verbose = flags.bools.has('v');
    let failed = false;
    for (const pkg of graph.roots) {
      if (!pkg.testFiles.length) {
        ctx.stdout(`?   \t${pkg.importPath}\t[no test files]\n`);
        continue;
      }
      const results = runTests(pkg, run);
      const failing = results.some((r) => r.failure);
      // Passing results are cached in GOCACHE like Go's test cache: same sources and flags print `(cached)`.
      const cacheKey = `testresult|${pkg.importPath}|${tokensSeed([...pkg.files, ...pkg.testFiles])}|${argv.join(' ')}|${env.goos}/${env.goarch}`;
      if (!failing && !verbose && flags.values.get('count') !== '1' && cached(ctx.fs, env.gocache, cacheKey, 64)) {
        const cover = flags.bools.has('cover') ? `\tcoverage: ${coverage(pkg)}` : '';
        ctx.stdout(`ok  \t${pkg.importPath}\t(cached)${cover}\n`);
        ms += 5;
        continue;
      }
      const secs = (0.002 + results.length * 0.001).toFixed(3);
      const cover = flags.bools.has('cover') ? `\tcoverage: ${coverage(pkg)}` : '';
      ms += 350 + results.length * 2;
      const failures = results.filter((r) => r.failure);
      for (const r of results) {
        if (verbose) ctx.stdout(`=== RUN   ${r.name}\n`);
        // With -v, Go streams a test's log as it happens, before the --- FAIL line; without it, the log follows.
        const log = r.failure ? `    ${r.failure.file}:${r.failure.line}: ${r.failure.message}\n` : '';
        if (r.failure) ctx.stdout(verbose ? `${log}--- FAIL: ${r.name} (0.00s)\n` : `--- FAIL: ${r.name} (0.00s)\n${log}`);
        else if (verbose) ctx.stdout(`--- PASS: ${r.name} (0.00s)\n`);
      }
      if (failures.length) {
        failed = true;
        ctx.stdout(`FAIL\nFAIL\t${pkg.importPath}\t${secs}s\n`);
        continue;
      }
      if (!results.length) ctx.stdout('testing: warning: no tests to run\n');
      if (verbose || !results.length) ctx.stdout(`PASS${cover ? `\ncoverage: ${coverage(pkg)}` : ''}\n`);
      ctx.stdout(`ok  \t${pkg.importPath}\t${secs}s${results.length ? '' : ' [no tests to run]'}${cover}\n`);
    }
    if (failed) ctx.stdout('FAIL\n');
    return { exitCode: failed ? 1 : 0, modeledMs: ms };
  } catch (e) {
    return reportFailure(e, ctx, "usage: go test [build/test flags] [packages] [build/test flags & test binary flags]\nRun 'go help test' and 'go help testflag' for details.", ms);
  }
}
