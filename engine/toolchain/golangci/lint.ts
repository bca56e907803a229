/**
 * The mocked `golangci-lint` of the `golangci/golangci-lint` images: `golangci-lint run
 * [flags] [packages]` loads the module's packages with the mocked Go toolchain's loader,
 * runs the rules in `linters.ts` and prints golangci-lint v1's default text output.
 */
import type { ExecContext, ExecResult, Toolchain } from '../types.ts';
import { ensureModules, loadBuild } from '../go/build.ts';
import { checkPackage } from '../go/compile.ts';
import { goEnv } from '../go/env.ts';
import type { GoPackage } from '../go/load.ts';
import { GoCommandError } from '../go/load.ts';
import type { LintIssue } from './linters.ts';
import { errcheck, errorFuncs, ineffassign, unused } from './linters.ts';

/** golangci-lint's exit codes (`pkg/exitcodes`). */
export const EXIT = { success: 0, issues: 1, failure: 3, noGoFiles: 5 } as const;

/** golangci-lint's default `max-same-issues`: the same text is shown at most this often. */
const MAX_SAME_ISSUES = 3;

/** Modeled cost: starting, loading packages (go list + type checking), analysing source. */
const START_MS = 600;
const PACKAGE_MS = 180;
const BYTES_PER_MS = 40;

const USAGE = `Smart, fast linters runner.

Usage:
  golangci-lint [flags]
  golangci-lint [command]

Available Commands:
  cache       Cache control and information
  completion  Generate the autocompletion script for the specified shell
  config      Config
  help        Help
  linters     List current linters configuration
  run         Run the linters
  version     Version

Flags:
      --color string              Use color when printing; can be 'always', 'auto', or 'never' (default "auto")
  -j, --concurrency int           Concurrency (default NumCPU) (default 2)
  -h, --help                      help for golangci-lint
  -v, --verbose                   verbose output
      --version                   Print version

Use "golangci-lint [command] --help" for more information about a command.
`;

/** Flags of `run` that take a value (`--timeout 5m`, `--out-format=json` is not modeled). */
const VALUE_FLAGS = new Set(['--timeout', '-c', '--config', '-j', '--concurrency', '--color', '--max-same-issues', '--max-issues-per-linter', '--issues-exit-code']);
const BOOL_FLAGS = new Set(['-v', '--verbose', '--show-stats', '--tests', '--fast', '--no-config', '--print-issued-lines', '--print-linter-name', '--new', '--fix']);

interface RunOptions {
  readonly patterns: string[];
  readonly showStats: boolean;
  readonly maxSame: number;
  readonly issuesExitCode: number;
}

function parseRun(args: readonly string[]): RunOptions | string {
  const patterns: string[] = [];
  let showStats = false;
  let maxSame = MAX_SAME_ISSUES;
  let issuesExitCode: number = EXIT.issues;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const eq = a.indexOf('=');
    const name = a.startsWith('-') && eq > 0 ? a.slice(0, eq) : a;
    if (VALUE_FLAGS.has(name)) {
      const value = eq > 0 && a.startsWith('-') ? a.slice(eq + 1) : args[++i];
      if (value === undefined) return `flag needs an argument: ${name}`;
      if (name === '--max-same-issues') maxSame = Number(value) || Number.POSITIVE_INFINITY;
      if (name === '--issues-exit-code') issuesExitCode = Number(value);
    } else if (BOOL_FLAGS.has(name)) {
      if (name === '--show-stats') showStats = eq < 0 || a.slice(eq + 1) !== 'false';
    } else if (a.startsWith('-')) return `unknown flag: ${name}`;
    else patterns.push(a);
  }
  return { patterns: patterns.length ? patterns : ['./...'], showStats, maxSame, issuesExitCode };
}

const dec = new TextDecoder();

/** The issue as golangci-lint's text printer writes it: position, message, source line and caret. */
function formatIssue(ctx: ExecContext, pkg: GoPackage, issue: LintIssue): string {
  const path = issue.file.path.replace(/^\.\//, '');
  const head = `${path}:${issue.line}:${issue.col}: ${issue.message} (${issue.linter})\n`;
  const full = `${pkg.dir}/${path.slice(path.lastIndexOf('/') + 1)}`;
  const src = ctx.fs.stat(full)?.type === 'file' ? dec.decode(ctx.fs.readFile(full)).split('\n')[issue.line - 1] : undefined;
  if (src === undefined) return head;
  const bytes = new TextEncoder().encode(src);
  let caret = '';
  for (let j = 0; j < bytes.length && j < issue.col - 1; j++) caret += bytes[j] === 9 ? '\t' : ' ';
  return `${head}${src}\n${caret}^\n`;
}

/** `path:line:col: message` lines of a load/type error as typecheck issues. */
function typecheckLines(e: GoCommandError): string[] {
  return e.message.split('\n').filter((l) => /^[^\s:]+:\d+:\d+: /.test(l)).map((l) => `${l.replace(/^\.\//, '')} (typecheck)`);
}

function runLint(ctx: ExecContext, opts: RunOptions): ExecResult {
  let ms = START_MS;
  const env = goEnv(ctx);
  const quiet: ExecContext = { ...ctx, stderr: () => undefined };
  let pkgs: readonly GoPackage[];
  try {
    const graph = loadBuild(quiet, env, opts.patterns, true);
    ms += ensureModules(quiet, env, graph.modules);
    for (const pkg of graph.order) checkPackage(pkg, false, graph.pkgs);
    pkgs = graph.roots;
  } catch (e) {
    if (!(e instanceof GoCommandError)) throw e;
    const lines = typecheckLines(e);
    if (!lines.length) {
      const noFiles = /no Go files|go\.mod file not found|matched no packages/.test(e.message);
      ctx.stderr(`level=error msg="Running error: context loading failed: ${noFiles ? 'no go files to analyze' : e.message.split('\n')[0]!.replace(/"/g, '\\"')}"\n`);
      return { exitCode: noFiles ? EXIT.noGoFiles : EXIT.failure, modeledMs: ms };
    }
    ctx.stdout(lines.map((l) => `${l}\n`).join(''));
    return { exitCode: opts.issuesExitCode, modeledMs: ms + PACKAGE_MS };
  }
  const issues: { pkg: GoPackage; issue: LintIssue }[] = [];
  for (const pkg of pkgs) {
    ms += PACKAGE_MS + [...pkg.files, ...pkg.testFiles].reduce((n, f) => n + f.size, 0) / BYTES_PER_MS;
    const local = errorFuncs(pkg);
    const found = [...pkg.files, ...pkg.testFiles].flatMap((f) => [...errcheck(f, local), ...ineffassign(f)]);
    found.push(...unused(pkg));
    for (const issue of found) issues.push({ pkg, issue });
  }
  issues.sort((a, b) => a.issue.file.path.localeCompare(b.issue.file.path) || a.issue.line - b.issue.line || a.issue.col - b.issue.col);
  const seen = new Map<string, number>();
  const shown = issues.filter(({ issue }) => {
    const n = (seen.get(issue.message) ?? 0) + 1;
    seen.set(issue.message, n);
    return n <= opts.maxSame;
  });
  ctx.stdout(shown.map(({ pkg, issue }) => formatIssue(ctx, pkg, issue)).join(''));
  if (opts.showStats) {
    const counts = new Map<string, number>();
    for (const { issue } of shown) counts.set(issue.linter, (counts.get(issue.linter) ?? 0) + 1);
    const rows = [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([l, n]) => `* ${l}: ${n}\n`);
    ctx.stdout(shown.length ? `${shown.length} issues:\n${rows.join('')}` : '0 issues.\n');
  }
  return { exitCode: shown.length ? opts.issuesExitCode : EXIT.success, modeledMs: Math.round(ms) };
}

/** The `golangci-lint` program. */
export const golangciLint: Toolchain = {
  name: 'golangci-lint',
  run(argv: readonly string[], ctx: ExecContext): Promise<ExecResult> {
    const [cmd, ...rest] = argv.slice(1);
    if (cmd === undefined || cmd === 'help' || cmd === '--help' || cmd === '-h') {
      ctx.stdout(USAGE);
      return Promise.resolve({ exitCode: 0, modeledMs: 20 });
    }
    if (cmd !== 'run') {
      ctx.stderr(`Error: unknown command "${cmd}" for "golangci-lint"\nRun 'golangci-lint --help' for usage.\n`);
      return Promise.resolve({ exitCode: EXIT.failure, modeledMs: 20 });
    }
    const opts = parseRun(rest);
    if (typeof opts === 'string') {
      ctx.stderr(`Error: ${opts}\nFailed executing command with error: ${opts}\n`);
      return Promise.resolve({ exitCode: EXIT.failure, modeledMs: 20 });
    }
    return Promise.resolve(runLint(ctx, opts));
  },
};
