/**
 * The mocked `go` command (`/usr/local/go/bin/go` in golang images): version, env,
 * mod download/tidy, build, install, run, vet and test over the sandbox filesystem. Every
 * run reports a modeled duration; nothing sleeps and nothing touches the network.
 */
import type { ExecContext, ExecResult, Toolchain } from '../types.ts';
import { runBuild } from './build.ts';
import { formatGoEnv, goEnv } from './env.ts';
import { runModDownload, runModTidy } from './modcmd.ts';
import { runRun } from './run.ts';
import { runTest } from './testcmd.ts';

const USAGE = `Go is a tool for managing Go source code.

Usage:

	go <command> [arguments]

The commands are:

	bug         start a bug report
	build       compile packages and dependencies
	clean       remove object files and cached files
	doc         show documentation for package or symbol
	env         print Go environment information
	fix         update packages to use new APIs
	fmt         gofmt (reformat) package sources
	generate    generate Go files by processing source
	get         add dependencies to current module and install them
	install     compile and install packages and dependencies
	list        list packages or modules
	mod         module maintenance
	work        workspace maintenance
	run         compile and run Go program
	test        test packages
	tool        run specified go tool
	version     print Go version
	vet         report likely mistakes in packages

Use "go help <command>" for more information about a command.
`;

function done(exitCode: number, modeledMs: number): Promise<ExecResult> {
  return Promise.resolve({ exitCode, modeledMs });
}

/** Runs `go argv...` (argv[0] is the program name). */
function run(argv: readonly string[], ctx: ExecContext): Promise<ExecResult> {
  if (ctx.signal?.aborted) return done(130, 0);
  const env = goEnv(ctx);
  const [cmd, ...rest] = argv.slice(1);
  switch (cmd) {
    case undefined:
    case 'help':
      (cmd ? ctx.stdout : ctx.stderr)(USAGE);
      return done(cmd ? 0 : 2, 5);
    case 'version':
      ctx.stdout(`go version go${env.version} ${env.hostOs}/${env.hostArch}\n`);
      return done(0, 10);
    case 'env': {
      const json = rest.includes('-json');
      ctx.stdout(formatGoEnv(env, rest.filter((a) => !a.startsWith('-')), json));
      return done(0, 15);
    }
    case 'mod': {
      const [sub, ...args] = rest;
      if (sub === 'download') return Promise.resolve(runModDownload(ctx, env, args));
      if (sub === 'tidy') return Promise.resolve(runModTidy(ctx, env, args));
      ctx.stderr(sub ? `go mod ${sub}: unknown command\nRun 'go help mod' for usage.\n` : "Go mod provides access to operations on modules.\n\nUsage:\n\n\tgo mod <command> [arguments]\n");
      return done(2, 5);
    }
    case 'build':
    case 'install':
    case 'vet':
      return Promise.resolve(runBuild(ctx, env, cmd, rest));
    case 'test':
      return Promise.resolve(runTest(ctx, env, rest));
    case 'run':
      return runRun(ctx, env, rest);
    default:
      ctx.stderr(`go ${cmd}: unknown command\nRun 'go help' for usage.\n`);
      return done(2, 5);
  }
}

/** The mocked go toolchain. */
export const goToolchain: Toolchain = { name: 'go', run };
