/**
 * Running a program of the simulated Go: from the sources a binary carries (its
 * `GoProgram`) to an exit status, as a process (`runGo`) or, at build time, up to the
 * point where it first waits (`startupOutput`: the lines the real ELF writes).
 */
import type { GoProgram, OutputChunk } from '../../binary/payload.ts';
import { plain } from './fmt.ts';
import { Machine } from './machine.ts';
import type { PackageSource } from './machine.ts';
import { parseFile } from './parse.ts';
import type { Tokens } from '../lexer.ts';
import type { ProcessOptions } from './process.ts';
import { GoProcess } from './process.ts';
import { libraries } from './stdlib.ts';
import type { Gen, Goroutine, Value } from './values.ts';
import { Exit, GoError, Panic, Unsupported } from './values.ts';

export type { GoProgram };

/** The tokens of a file when the caller has them (the build does), to read it without lexing it again. */
export type TokensOf = (path: string) => Tokens | undefined;

/** Statements a build-time run goes through before it stops looking for startup lines. */
const DRY_STEPS = 100_000;
/** Statements a process with no signal may run (it could never be stopped). */
const RUN_STEPS = 50_000_000;

const parsed = new WeakMap<GoProgram, PackageSource[]>();

function sources(program: GoProgram, tokens?: TokensOf): PackageSource[] {
  let out = parsed.get(program);
  if (!out) {
    out = program.packages.map((p) => ({ path: p.path, name: p.name, files: p.files.map((f) => parseFile(f.path, tokens?.(f.path) ?? f.src)) }));
    parsed.set(program, out);
  }
  return out;
}

/** The panic report Go's runtime prints: the value, then the goroutine's frames. */
function panicText(p: Panic, g: number, program: GoProgram): string {
  const abs = new Map(program.packages.flatMap((pkg) => pkg.files.map((f) => [f.path, f.abs] as const)));
  const v = p.value;
  const text = v instanceof GoError ? v.message : plain(v);
  const frames = p.frames.map((f) => `${f.fn}()\n\t${abs.get(f.file) ?? f.file}:${f.line}\n`).join('');
  return `panic: ${text}\n\ngoroutine ${g} [running]:\n${frames}`;
}

/** Runs `g` to its end, awaiting what it waits for. */
async function drive<T>(gen: Gen<T>): Promise<T> {
  let r = gen.next();
  for (;;) {
    if (r.done) return r.value;
    let value: unknown;
    let failed = false;
    try {
      value = await r.value.promise;
    } catch (e) {
      value = e;
      failed = true;
    }
    r = failed ? gen.throw(value) : gen.next(value);
  }
}

/** A process's machine, its libraries and its main goroutine. */
function boot(program: GoProgram, proc: GoProcess, tokens?: TokensOf): { machine: Machine; main: Goroutine } {
  const stamp = (): string => {
    const t = new Date(proc.seconds() * 1000);
    const p = (n: number): string => String(n).padStart(2, '0');
    return `${t.getUTCFullYear()}/${p(t.getUTCMonth() + 1)}/${p(t.getUTCDate())} ${p(t.getUTCHours())}:${p(t.getUTCMinutes())}:${p(t.getUTCSeconds())} `;
  };
  const libs = libraries(proc, {
    log: (line) => proc.stderr(stamp() + line),
    async run(fn, args, g) {
      try {
        await drive(fn.call(args, { file: '', line: 0 }, g));
      } catch (e) {
        // net/http recovers a handler's panic, logs it and drops the connection; the server goes on
        if (e instanceof Panic) proc.stderr(`${stamp()}http: panic serving the request: ${panicText(e, g.id, program).slice('panic: '.length).replace('\n\n', '\n')}`);
        else if (e instanceof Exit) proc.end(e.code);
        else if (e instanceof Unsupported) {
          proc.stderr(`${e.message}\n`);
          proc.end(2);
        } else proc.end(2);
        throw e;
      }
    },
  });
  const machine = new Machine(sources(program, tokens), program.main, libs, new Map(Object.entries(program.xdefs)));
  machine.builtinOut = (s) => proc.stderr(s);
  const signal = proc.opts.signal;
  machine.pause = function* (steps) {
    if (proc.opts.dry) {
      // at build time a program that computes for long without printing has no more startup lines
      if (steps >= DRY_STEPS) throw new Exit(0);
    } else if (signal) {
      // let the rest of the sandbox run, and stop when the signal comes (a loop that never waits)
      yield { promise: new Promise((resolve) => setTimeout(resolve, 0)) };
      if (signal.aborted) throw new Exit(proc.killedStatus());
    } else if (steps >= RUN_STEPS) {
      proc.stderr(`stageplay: this process ran ${RUN_STEPS} statements and has nothing that can stop it (no signal), so it ends here\n`);
      throw new Exit(1);
    }
  };
  return { machine, main: { id: 1, stack: [] } };
}

/** How a process's end is reported: its status, after printing what Go prints for it. */
function ending(e: unknown, proc: GoProcess, program: GoProgram): number {
  if (e instanceof Exit) return e.code;
  if (e instanceof Unsupported) {
    proc.stderr(`${e.message}\n`);
    return 2;
  }
  if (e instanceof Panic) {
    proc.stderr(panicText(e, 1, program));
    return 2;
  }
  throw e;
}

/** Runs `program` as a process; resolves to its exit status. */
export async function runGo(program: GoProgram, opts: ProcessOptions): Promise<number> {
  const proc = new GoProcess(opts);
  let machine: Machine;
  let main: Goroutine;
  try {
    ({ machine, main } = boot(program, proc));
  } catch (e) {
    proc.stderr(`stageplay's simulated Go cannot read this program: ${(e as Error).message}\n`);
    return 2;
  }
  try {
    await drive<Value>(machine.main(main));
    return proc.ended ?? 0;
  } catch (e) {
    return ending(e, proc, program);
  }
}

/**
 * What the program writes from its start until it first waits (on the network) or ends,
 * run with no arguments and no network: the lines a real run of the ELF prints. The
 * message about a construct outside the subset is the sandbox's, not the program's, and
 * is left out.
 */
export function startupOutput(program: GoProgram, argv0: string, tokens?: TokensOf): OutputChunk[] {
  const out: OutputChunk[] = [];
  const write = (fd: 1 | 2) => (text: string) => void (text && out.push({ fd, text }));
  const proc = new GoProcess({ argv: [argv0], env: new Map(), stdout: write(1), stderr: write(2), dry: true });
  try {
    const { machine, main } = boot(program, proc, tokens);
    machine.main(main).next();
  } catch (e) {
    if (e instanceof Panic) proc.stderr(panicText(e, 1, program));
    else if (!(e instanceof Exit) && !(e instanceof Unsupported) && !(e instanceof RangeError)) throw e;
  }
  return out;
}
