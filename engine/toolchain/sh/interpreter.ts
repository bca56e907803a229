import type { Command, List, Redirect } from './ast.ts';
import { DEFAULT_HOSTNAME, type ExecContext, type ExecResult } from '../types.ts';
import type { WorkFs } from '../../fs/types.ts';
import { Input, type Applets } from '../process/proc.ts';
import { expandString, ExpandError, type ExpandHost } from './expand.ts';
import { runCompound } from './compound.ts';
import { chunkText, openRedirects, RedirError, type Io } from './redirect.ts';
import { BudgetError, ExitSignal, FatalError, LoopSignal, ReturnSignal } from './signals.ts';
import { boundedSink, boundedString, OutOfMemory, ShellVars } from './budget.ts';
import { runSimple } from './simple.ts';

/** Tunables of one shell run. */
export interface ShellOptions {
  /** `$0` and the prefix of error messages (`/bin/sh`, or the script path). */
  readonly arg0: string;
  /** True when running a script file: messages carry `line N: `. */
  readonly script?: boolean;
  /** Iterations one loop may run before the shell stops it (default 10,000). */
  readonly loopLimit?: number;
  /** Simple commands the whole run (subshells and pipelines included) may start (default 200,000). */
  readonly commandLimit?: number;
  readonly positional?: readonly string[];
  /**
   * The busybox applets this shell runs in its own process (a program whose file is busybox,
   * and ash's builtins `echo`, `printf`, `test`): given by whoever starts the shell
   * (`../multicall`), so the shell does not import the applets' folder.
   */
  readonly applets: Applets;
  /**
   * Starts `sh` as a child process (busybox's `sh`/`ash`, a script without a known
   * interpreter): `runShellArgs` with the same applets, set by `shell.ts` (`newShell`), so
   * the files that run commands need not import it back.
   */
  readonly nested: (argv: readonly string[], ctx: ExecContext) => Promise<ExecResult>;
}

/** What one run of the shell counts across all its subshells. */
export interface RunClock {
  /** Modeled milliseconds spent. */
  ms: number;
  /** Simple commands started. */
  commands: number;
  budgetReported: boolean;
}

/** The shell's variables, options and functions; cloned for subshells. */
export class Shell implements ExpandHost {
  vars: Map<string, string> = new ShellVars();
  exported = new Set<string>();
  readonly funcs: Map<string, Command>;
  positional: string[];
  cwd: string;
  status = 0;
  /** `set -e -x -u -f` */
  opts = { e: false, x: false, u: false, f: false, pipefail: false };
  /** One frame per running function: values `local` saved, restored on return. */
  locals: Map<string, string | undefined>[] = [];
  line = 0;
  depth = 0;
  /** Nesting of contexts where a failure does not trigger `set -e` (conditions, `&&` lhs). */
  tested = 0;
  substStatus = 0;
  errSink: (s: string | Uint8Array) => void;
  readonly loopLimit: number;
  /** Shared across subshells so the totals are the whole run's: modeled time and commands started. */
  readonly clock: RunClock;

  constructor(
    readonly ctx: ExecContext,
    readonly options: ShellOptions,
    clock?: RunClock,
  ) {
    for (const [k, v] of ctx.env) {
      this.vars.set(k, v);
      this.exported.add(k);
    }
    this.funcs = new Map();
    this.positional = [...(options.positional ?? [])];
    this.cwd = ctx.cwd;
    this.loopLimit = options.loopLimit ?? 10_000;
    this.clock = clock ?? { ms: 0, commands: 0, budgetReported: false };
    this.errSink = (s) => ctx.stderr(chunkText(s));
    if (!this.vars.has('PWD')) this.vars.set('PWD', ctx.cwd);
    // ash (BASH_HOSTNAME_VAR): HOSTNAME from uname's nodename, a shell variable, not exported
    if (!this.vars.has('HOSTNAME')) this.vars.set('HOSTNAME', ctx.hostname ?? DEFAULT_HOSTNAME);
  }

  get fs(): WorkFs {
    return this.ctx.fs;
  }
  get nounset(): boolean {
    return this.opts.u;
  }
  get noglob(): boolean {
    return this.opts.f;
  }

  /** A subshell: copies of variables, options, functions and cwd; same filesystem and clock. */
  clone(): Shell {
    const s = new Shell(this.ctx, this.options, this.clock);
    s.vars = new ShellVars(this.vars);
    s.exported = new Set(this.exported);
    for (const [k, v] of this.funcs) s.funcs.set(k, v);
    s.positional = [...this.positional];
    s.cwd = this.cwd;
    s.status = this.status;
    s.opts = { ...this.opts };
    s.line = this.line;
    s.depth = this.depth;
    return s;
  }

  getVar(name: string): string | undefined {
    return this.vars.get(name);
  }
  setVar(name: string, value: string): void {
    this.vars.set(name, value);
  }
  special(name: string): string | undefined {
    switch (name) {
      case '?':
        return String(this.status);
      case '#':
        return String(this.positional.length);
      case '$':
        return '1';
      case '!':
        return '';
      case '-':
        return Object.entries(this.opts).filter(([k, v]) => v && k.length === 1).map(([k]) => k).join('');
      case '0':
        return this.options.arg0;
      case '@':
      case '*':
        return this.positional.join(' ');
      default:
        return this.positional[Number(name) - 1];
    }
  }

  /** The environment exported to child processes. */
  environ(extra?: ReadonlyMap<string, string>): Map<string, string> {
    const env = new Map<string, string>();
    for (const k of this.exported) {
      const v = this.vars.get(k);
      if (v !== undefined) env.set(k, v);
    }
    if (extra) for (const [k, v] of extra) env.set(k, v);
    return env;
  }

  /** `sh: [line N: ]msg` (ash's format; `cmd` adds the builtin's name). */
  message(msg: string, cmd?: string): string {
    const line = this.options.script || cmd ? `line ${this.line}: ` : '';
    return `${this.options.arg0}: ${cmd ? cmd + ': ' : ''}${line}${msg}\n`;
  }

  async substitute(body: List): Promise<string> {
    const sub = this.clone();
    let out = '';
    const io: Io = { stdin: new Input(''), out: (s) => (out = boundedString(out + chunkText(s))), err: this.errSink };
    const status = await sub.runIsolated(body, io);
    this.substStatus = status;
    return out;
  }

  /** Runs a list in this (sub)shell, turning `exit` and fatal errors into a status. */
  async runIsolated(body: List, io: Io): Promise<number> {
    try {
      return await this.runList(body, io);
    } catch (e) {
      return this.settle(e, io);
    }
  }

  /** Converts a control-flow exception at the top of a shell into its exit status. */
  settle(e: unknown, io: Io): number {
    if (e instanceof ExitSignal) return e.status;
    if (e instanceof ReturnSignal) return e.status;
    if (e instanceof LoopSignal) return 0;
    if (e instanceof FatalError) {
      // the spent budget unwinds every subshell at once: say so once
      // a failed allocation is libbb's message, named after the applet (`sh`), not the shell's arg0
      if (e instanceof OutOfMemory) io.err(`sh: ${e.message}\n`);
      else if (!(e instanceof BudgetError) || !this.clock.budgetReported) io.err(this.message(e.message));
      if (e instanceof BudgetError) this.clock.budgetReported = true;
      return e.status;
    }
    throw e;
  }

  async runList(list: List, io: Io): Promise<number> {
    let status = 0;
    for (const item of list.items) {
      status = await this.exec(item.cmd, io);
      this.status = status;
    }
    return status;
  }

  /** `set -e`: a failure outside a tested context ends the shell. */
  checkErrexit(status: number): void {
    if (status !== 0 && this.opts.e && this.tested === 0) throw new ExitSignal(status);
  }

  async exec(c: Command, io: Io): Promise<number> {
    if (this.ctx.signal?.aborted) throw this.ctx.signal.reason ?? new Error('aborted');
    switch (c.k) {
      case 'simple': {
        const st = await runSimple(this, c, io);
        this.status = st;
        this.checkErrexit(st);
        return st;
      }
      case 'pipeline':
        return this.pipeline(c, io);
      case 'andor': {
        this.tested++;
        let st: number;
        try {
          st = await this.exec(c.first, io);
        } finally {
          this.tested--;
        }
        for (let i = 0; i < c.rest.length; i++) {
          const { op, cmd } = c.rest[i]!;
          this.status = st;
          if ((op === '&&') !== (st === 0)) continue;
          const last = i === c.rest.length - 1;
          if (!last) this.tested++;
          try {
            st = await this.exec(cmd, io);
          } finally {
            if (!last) this.tested--;
          }
        }
        return st;
      }
      case 'func':
        this.funcs.set(c.name, c.body);
        return 0;
      default:
        return this.withRedirs(c.redirs, io, (rio) => runCompound(this, c, rio));
    }
  }

  private async pipeline(c: Extract<Command, { k: 'pipeline' }>, io: Io): Promise<number> {
    let st = 0;
    if (c.bang) this.tested++;
    try {
      if (c.cmds.length === 1) st = await this.exec(c.cmds[0]!, io);
      else {
        let input = io.stdin;
        for (let i = 0; i < c.cmds.length; i++) {
          const last = i === c.cmds.length - 1;
          const buf: (string | Uint8Array)[] = [];
          const sio: Io = { stdin: input, out: last ? io.out : boundedSink((s) => void buf.push(s)), err: io.err };
          const one = await this.clone().runIsolated({ items: [{ cmd: c.cmds[i]!, background: false }] }, sio);
          st = this.opts.pipefail && one === 0 && i > 0 ? st : one;
          input = Input.fromChunks(buf);
        }
      }
    } finally {
      if (c.bang) this.tested--;
    }
    if (c.bang) st = st === 0 ? 1 : 0;
    this.status = st;
    if (!c.bang) this.checkErrexit(st);
    return st;
  }

  /** Opens redirections around `fn`; an unopenable redirection prints ash's message and gives 1. */
  async withRedirs(redirs: readonly Redirect[], io: Io, fn: (io: Io) => Promise<number>): Promise<number> {
    if (redirs.length === 0) return fn(io);
    let opened;
    try {
      opened = await openRedirects(redirs, io, {
        fs: this.fs,
        cwd: this.cwd,
        user: this.ctx.user,
        target: (r) => this.expandTarget(r),
      });
    } catch (e) {
      if (e instanceof RedirError) {
        io.err(this.message(e.message));
        return 1;
      }
      throw e;
    }
    try {
      return await fn(opened.io);
    } finally {
      opened.close();
    }
  }

  private async expandTarget(r: Redirect): Promise<string> {
    try {
      return await expandString(r.target, this);
    } catch (e) {
      if (e instanceof ExpandError) throw new FatalError(e.message, e.status);
      throw e;
    }
  }
}
