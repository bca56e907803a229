import type { ExecContext, ExecResult } from '../types.ts';
import { Input, utf8, type Applets } from '../process/proc.ts';
import { Shell, type ShellOptions } from './interpreter.ts';
import { parseScript } from './parser.ts';
import { ShSyntaxError } from './errors.ts';
import { resolvePath } from '../process/path.ts';
import { chunkText, type Io } from './redirect.ts';

/** Options for `runShell`. */
export interface RunShellOptions {
  /** `$0` and the message prefix (default `/bin/sh`, as in `RUN`'s `/bin/sh -c`). */
  readonly arg0?: string;
  /** Iterations one loop may run (default 10,000); a runaway loop ends with an error. */
  readonly loopLimit?: number;
  /** Bound on the simple commands the whole run may start (default 200,000). */
  readonly commandLimit?: number;
  /** `$1`... */
  readonly positional?: readonly string[];
  /** `set -e` / `set -x` from the command line. */
  readonly errexit?: boolean;
  readonly xtrace?: boolean;
  /** Running a script file (messages carry `line N:`). */
  readonly script?: boolean;
  /** The busybox applets the shell runs in its own process (`ShellOptions.applets`). */
  readonly applets: Applets;
}

/**
 * A shell over `ctx` whose nested shells (`sh -c` inside it, a script it runs) are this
 * file's `runShellArgs` with the same applets and loop limit.
 */
export function newShell(ctx: ExecContext, options: Omit<ShellOptions, 'nested'>): Shell {
  const { applets, loopLimit } = options;
  return new Shell(ctx, { ...options, nested: (argv, child) => runShellArgs(argv, child, applets, loopLimit) });
}

/**
 * Runs `script` like `/bin/sh -c script` (busybox ash) against `ctx.fs`. Syntax errors give
 * ash's message and exit status 2; `modeledMs` sums the modeled time of every command.
 */
export async function runShell(script: string, ctx: ExecContext, opts: RunShellOptions): Promise<ExecResult> {
  const sh = newShell(ctx, {
    arg0: opts.arg0 ?? '/bin/sh',
    ...(opts.script ? { script: true } : {}),
    ...(opts.loopLimit ? { loopLimit: opts.loopLimit } : {}),
    ...(opts.commandLimit ? { commandLimit: opts.commandLimit } : {}),
    positional: opts.positional ?? [],
    applets: opts.applets,
  });
  sh.opts.e = !!opts.errexit;
  sh.opts.x = !!opts.xtrace;
  const io: Io = {
    stdin: new Input(ctx.stdin ?? ''),
    out: (s) => ctx.stdout(chunkText(s)),
    err: (s) => ctx.stderr(chunkText(s)),
  };
  let list;
  try {
    list = parseScript(script);
  } catch (e) {
    if (e instanceof ShSyntaxError) {
      io.err(`${sh.options.arg0}: ${opts.script ? 'line 1: ' : ''}${e.message}\n`);
      return { exitCode: 2, modeledMs: 1 };
    }
    throw e;
  }
  const status = await sh.runIsolated(list, io);
  return { exitCode: status, modeledMs: Math.round((1 + sh.clock.ms) * 1000) / 1000 };
}

/** `sh [-eux] -c script [arg0 args...]`, `sh [-eux] file args...`, or a script on stdin; `applets` as in `RunShellOptions`. */
export async function runShellArgs(argv: readonly string[], ctx: ExecContext, applets: Applets, loopLimit?: number): Promise<ExecResult> {
  let i = 1;
  let command: string | undefined;
  let errexit = false;
  let xtrace = false;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      i++;
      break;
    }
    if (!/^-[a-z]+$/.test(a)) break;
    for (const c of a.slice(1)) {
      if (c === 'c') command = '';
      else if (c === 'e') errexit = true;
      else if (c === 'x') xtrace = true;
      else if (c !== 'u' && c !== 's' && c !== 'l' && c !== 'i') {
        ctx.stderr(`sh: -${c}: invalid option\n`);
        return { exitCode: 2, modeledMs: 1 };
      }
    }
  }
  const base = { ...(loopLimit ? { loopLimit } : {}), errexit, xtrace, applets };
  const arg0 = argv[0] ?? 'sh';
  if (command !== undefined) {
    const script = argv[i];
    if (script === undefined) {
      ctx.stderr(`${arg0}: -c requires an argument\n`);
      return { exitCode: 2, modeledMs: 1 };
    }
    const rest = argv.slice(i + 1);
    return runShell(script, ctx, { ...base, arg0: rest[0] ?? arg0, positional: rest.slice(1) });
  }
  const file = argv[i];
  if (file === undefined) return runShell(ctx.stdin ? utf8.decode(ctx.stdin) : '', { ...ctx, stdin: new Uint8Array() }, { ...base, arg0 });
  const path = resolvePath(ctx.cwd, file);
  if (ctx.fs.stat(path)?.type !== 'file') {
    ctx.stderr(`${arg0}: can't open '${file}': No such file or directory\n`);
    return { exitCode: 2, modeledMs: 1 };
  }
  const text = utf8.decode(ctx.fs.readFile(path));
  return runShell(text, ctx, { ...base, arg0: file, script: true, positional: argv.slice(i + 1) });
}
