import { FsError } from '../../fs/types.ts';
import { concatBytes } from '../../platform/types.ts';
import type { ExecContext } from '../types.ts';

const enc = new TextEncoder();
const dec = new TextDecoder();

/** A readable stdin: the shell shares one cursor between `read` calls in a loop. Bytes stay bytes until read as text. */
export class Input {
  private pos = 0;
  private text: string | undefined;
  private bytes: Uint8Array | undefined;

  constructor(data: string | Uint8Array) {
    if (typeof data === 'string') this.text = data;
    else this.bytes = data;
  }

  /** Joins pipe output chunks (text and binary) into one input. */
  static fromChunks(chunks: readonly (string | Uint8Array)[]): Input {
    if (chunks.every((c) => typeof c === 'string')) return new Input(chunks.join(''));
    return new Input(concatBytes(chunks.map((c) => (typeof c === 'string' ? enc.encode(c) : c))));
  }

  private data(): string {
    if (this.text === undefined) {
      this.text = dec.decode(this.bytes);
      this.bytes = undefined;
    }
    return this.text;
  }

  /** Everything not read yet. */
  readAll(): string {
    const d = this.data();
    const s = d.slice(this.pos);
    this.pos = d.length;
    return s;
  }

  /** Everything not read yet, as bytes (binary-safe when nothing was read as text). */
  readAllBytes(): Uint8Array {
    if (this.bytes) {
      const b = this.bytes;
      this.bytes = new Uint8Array();
      this.text = undefined;
      return b;
    }
    return enc.encode(this.readAll());
  }

  /** The next line without its newline, or undefined at end of input. */
  readLine(): string | undefined {
    const d = this.data();
    if (this.pos >= d.length) return undefined;
    let end = d.indexOf('\n', this.pos);
    if (end < 0) end = d.length;
    const line = d.slice(this.pos, end);
    this.pos = end + 1;
    return line;
  }
}

/** Concatenates byte chunks (the platform's helper, for the shell's and the applets' use). */
export { concatBytes };

/**
 * What an applet (or shell builtin) runs with: the process's part of `ExecContext` (`env`
 * is its exported environment; `now` the clock when it has a real one), its stdin and
 * streams as the shell wires them.
 */
export interface Proc extends Pick<ExecContext, 'fs' | 'env' | 'cwd' | 'user' | 'platform' | 'hostname' | 'now' | 'programs' | 'deps' | 'signal'> {
  readonly stdin: Input;
  out(s: string): void;
  /** Binary output (tar, gzip, cat of a file): kept as bytes through redirections and pipes. */
  outBytes(b: Uint8Array): void;
  err(s: string): void;
  /** Adds modeled wall time (ms). */
  spend(ms: number): void;
  /** Prefix of error messages when not `argv[0]` (ash's builtins print `sh: ...`). */
  readonly errName?: string;
  /** Runs another command line through the shell (xargs); absent outside the shell. */
  exec?(argv: string[], env?: ReadonlyMap<string, string>): Promise<number>;
}

/** A busybox applet: `argv[0]` is the applet name; returns the exit status. */
export type Applet = (argv: string[], p: Proc) => number | Promise<number>;

/** Applets by name (busybox's table, `../busybox/applets.ts`). */
export type Applets = Readonly<Record<string, Applet>>;

/** UTF-8 helpers. */
export const utf8 = {
  encode: (s: string): Uint8Array => enc.encode(s),
  decode: (b: Uint8Array): string => dec.decode(b),
};

/** The strerror text busybox prints for a filesystem error. */
export function errText(e: unknown): string {
  if (e instanceof FsError) {
    switch (e.code) {
      case 'ENOENT':
        return 'No such file or directory';
      case 'EEXIST':
        return 'File exists';
      case 'ENOTDIR':
        return 'Not a directory';
      case 'EISDIR':
        return 'Is a directory';
      case 'ENOTEMPTY':
        return 'Directory not empty';
      case 'EINVAL':
        return 'Invalid argument';
      case 'ELOOP':
        return 'Symbolic link loop';
      case 'ENOSPC':
        return 'No space left on device';
    }
  }
  throw e;
}

/**
 * Splits busybox-style short options: `-la` → flags l, a. Options stop at `--` or the first
 * operand. `withArg` names options that take a value (`-n 5`, `-n5`). Unknown options give
 * busybox's `invalid option -- 'x'` message via the returned `bad`.
 */
export function getopt(
  args: readonly string[],
  known: string,
  withArg = '',
): { flags: Set<string>; values: Map<string, string>; rest: string[]; bad?: string } {
  const flags = new Set<string>();
  const values = new Map<string, string>();
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-') || a === '-') break;
    for (let j = 1; j < a.length; j++) {
      const c = a[j]!;
      if (withArg.includes(c)) {
        const v = a.slice(j + 1) || args[++i];
        if (v === undefined) return { flags, values, rest: [], bad: `option requires an argument -- '${c}'` };
        values.set(c, v);
        break;
      }
      if (!known.includes(c)) return { flags, values, rest: [], bad: `invalid option -- '${c}'` };
      flags.add(c);
    }
  }
  return { flags, values, rest: args.slice(i) };
}

/** Reads a file argument (`-` is stdin) as text; prints `name: path: error` and returns undefined on failure. */
export function readText(p: Proc, name: string, path: string, resolve: (s: string) => string): string | undefined {
  if (path === '-') return p.stdin.readAll();
  if (path === '/dev/null') return '';
  try {
    return utf8.decode(p.fs.readFile(resolve(path)));
  } catch (e) {
    p.err(`${name}: ${path}: ${errText(e)}\n`);
    return undefined;
  }
}
