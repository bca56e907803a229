/**
 * Command-line flags as github.com/spf13/pflag v1.0.5 and Go's `flag` parse them from the
 * process's argv, with their usage text and their errors, word for word: pflag prints the
 * error and the usage on stderr, then the error again on stdout, and exits 2 (also for
 * `--help`, "pflag: help requested"); `flag` prints the error and the usage and exits 2
 * (0 for `-h`/`-help`).
 */
import { quote } from './fmt.ts';
import type { GoProcess } from './process.ts';
import type { Library } from './machine.ts';
import type { Value } from './values.ts';
import { Exit, GoError, Ptr, native } from './values.ts';

type Kind = 'string' | 'int' | 'bool';

interface Flag {
  readonly name: string;
  readonly short: string;
  readonly kind: Kind;
  readonly usage: string;
  readonly def: string;
  readonly ptr: Ptr;
}

class ProgramFlagError extends Error {}

function parseInt(s: string): number | undefined {
  const t = s.replace(/_/g, '');
  if (!/^[+-]?(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO]?[0-7]+|[0-9]+)$/.test(t)) return undefined;
  const neg = t.startsWith('-');
  const body = t.replace(/^[+-]/, '');
  const n = /^0[0-7]+$/.test(body) ? Number.parseInt(body, 8) : Number(body.replace(/^0[oO]/, '0o'));
  return neg ? -n : n;
}

function parseBool(s: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  return undefined;
}

/** The command line's flag set (`pflag.CommandLine` or `flag.CommandLine`). */
class FlagSet {
  private readonly flags: Flag[] = [];
  private readonly rest: string[] = [];
  private parsed = false;

  constructor(
    private readonly proc: GoProcess,
    private readonly style: 'pflag' | 'flag',
  ) {}

  private get name(): string {
    return this.proc.argv[0] ?? '';
  }

  define(kind: Kind, name: string, short: string, def: Value, usage: string, target?: Ptr): Ptr {
    if (this.flags.some((f) => f.name === name)) {
      this.proc.stderr(`${this.name} flag redefined: ${name}\n`);
      throw new GoError(`${this.name} flag redefined: ${name}`);
    }
    let cell: Value = def;
    const ptr = target ?? new Ptr(() => cell, (v) => (cell = v), kind);
    ptr.set(def);
    this.flags.push({ name, short, kind, usage, def: String(def), ptr });
    return ptr;
  }

  private set(f: Flag, value: string): void {
    if (f.kind === 'string') return f.ptr.set(value);
    const v = f.kind === 'int' ? parseInt(value) : parseBool(value);
    if (v !== undefined) return f.ptr.set(v);
    if (this.style === 'flag') {
      throw new ProgramFlagError(f.kind === 'bool' ? `invalid boolean value ${quote(value)} for -${f.name}: parse error` : `invalid value ${quote(value)} for flag -${f.name}: parse error`);
    }
    const fn = f.kind === 'int' ? 'strconv.ParseInt' : 'strconv.ParseBool';
    const flagName = f.short ? `-${f.short}, --${f.name}` : `--${f.name}`;
    throw new ProgramFlagError(`invalid argument ${quote(value)} for ${quote(flagName)} flag: ${fn}: parsing ${quote(value)}: invalid syntax`);
  }

  /** The usage text (`PrintDefaults`). */
  defaults(): string {
    const sorted = [...this.flags].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const isZero = (f: Flag): boolean => f.def === { string: '', int: '0', bool: 'false' }[f.kind];
    const unquote = (f: Flag): [string, string] => {
      const m = /`([^`]*)`/.exec(f.usage);
      if (m) return [m[1]!, f.usage.replace(`\`${m[1]}\``, m[1]!)];
      return [f.kind === 'bool' ? '' : f.kind, f.usage];
    };
    if (this.style === 'flag') {
      return sorted
        .map((f) => {
          const [varname, usage] = unquote(f);
          let b = `  -${f.name}${varname ? ` ${varname}` : ''}`;
          b += b.length <= 4 ? '\t' : '\n    \t';
          b += usage.replace(/\n/g, '\n    \t');
          if (!isZero(f)) b += f.kind === 'string' ? ` (default ${quote(f.def)})` : ` (default ${f.def})`;
          return `${b}\n`;
        })
        .join('');
    }
    const lines = sorted.map((f) => {
      const [varname, usage] = unquote(f);
      let line = f.short ? `  -${f.short}, --${f.name}` : `      --${f.name}`;
      if (varname) line += ` ${varname}`;
      const head = line;
      let tail = usage;
      if (!isZero(f)) tail += f.kind === 'string' ? ` (default ${quote(f.def)})` : ` (default ${f.def})`;
      return { head, tail };
    });
    const maxlen = Math.max(0, ...lines.map((l) => l.head.length + 1));
    return lines.map((l) => `${l.head} ${' '.repeat(maxlen - l.head.length)} ${l.tail}\n`).join('');
  }

  private usage(): void {
    this.proc.stderr(`Usage of ${this.name}:\n${this.defaults()}`);
  }

  /** Parses argv[1:]; on an error prints what the library prints and exits. */
  parse(): void {
    this.parsed = true;
    try {
      if (this.style === 'pflag') this.parsePflag(this.proc.argv.slice(1));
      else this.parseFlag(this.proc.argv.slice(1));
    } catch (e) {
      if (!(e instanceof ProgramFlagError)) throw e;
      if (e.message === 'help') {
        this.usage();
        if (this.style === 'flag') throw new Exit(0);
        this.proc.stdout('pflag: help requested\n');
        throw new Exit(2);
      }
      this.proc.stderr(`${e.message}\n`);
      this.usage();
      if (this.style === 'pflag') this.proc.stdout(`${e.message}\n`);
      throw new Exit(2);
    }
  }

  private parsePflag(args: string[]): void {
    while (args.length) {
      const s = args.shift()!;
      if (s.length < 2 || s[0] !== '-') {
        this.rest.push(s);
        continue;
      }
      if (s === '--') {
        this.rest.push(...args);
        return;
      }
      if (s[1] === '-') {
        const body = s.slice(2);
        if (!body || body[0] === '-' || body[0] === '=') throw new ProgramFlagError(`bad flag syntax: ${s}`);
        const eq = body.indexOf('=');
        const name = eq < 0 ? body : body.slice(0, eq);
        const f = this.flags.find((x) => x.name === name);
        if (!f) throw new ProgramFlagError(name === 'help' ? 'help' : `unknown flag: --${name}`);
        if (eq >= 0) this.set(f, body.slice(eq + 1));
        else if (f.kind === 'bool') this.set(f, 'true');
        else if (args.length) this.set(f, args.shift()!);
        else throw new ProgramFlagError(`flag needs an argument: ${s}`);
        continue;
      }
      let shorts = s.slice(1);
      while (shorts.length) {
        const c = shorts[0]!;
        const f = this.flags.find((x) => x.short === c);
        if (!f) throw new ProgramFlagError(c === 'h' ? 'help' : `unknown shorthand flag: '${c}' in -${shorts}`);
        if (shorts.length > 2 && shorts[1] === '=') {
          this.set(f, shorts.slice(2));
          shorts = '';
        } else if (f.kind === 'bool') {
          this.set(f, 'true');
          shorts = shorts.slice(1);
        } else if (shorts.length > 1) {
          this.set(f, shorts.slice(1));
          shorts = '';
        } else if (args.length) {
          this.set(f, args.shift()!);
          shorts = '';
        } else throw new ProgramFlagError(`flag needs an argument: '${c}' in -${shorts}`);
      }
    }
  }

  private parseFlag(args: string[]): void {
    while (args.length) {
      const s = args[0]!;
      if (s.length < 2 || s[0] !== '-') break;
      let minus = 1;
      if (s[1] === '-') {
        minus++;
        if (s.length === 2) {
          args.shift();
          break;
        }
      }
      args.shift();
      let name = s.slice(minus);
      if (!name || name[0] === '-' || name[0] === '=') throw new ProgramFlagError(`bad flag syntax: ${s}`);
      let value: string | undefined;
      const eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.slice(eq + 1);
        name = name.slice(0, eq);
      }
      const f = this.flags.find((x) => x.name === name);
      if (!f) throw new ProgramFlagError(name === 'help' || name === 'h' ? 'help' : `flag provided but not defined: -${name}`);
      if (f.kind === 'bool') this.set(f, value ?? 'true');
      else if (value !== undefined) this.set(f, value);
      else if (args.length) this.set(f, args.shift()!);
      else throw new ProgramFlagError(`flag needs an argument: -${name}`);
    }
    this.rest.push(...args);
  }

  /** The library's exported functions. */
  library(): Library {
    const lib: Record<string, Value> = {};
    const p = this.style;
    const kinds: [string, Kind][] = [['String', 'string'], ['Int', 'int'], ['Bool', 'bool']];
    for (const [T, kind] of kinds) {
      lib[T] = native(`${p}.${T}`, ([name, def, usage]) => this.define(kind, String(name), '', def ?? null, String(usage)));
      lib[`${T}Var`] = native(`${p}.${T}Var`, ([ptr, name, def, usage]) => (this.define(kind, String(name), '', def ?? null, String(usage), ptr as Ptr), null));
      if (p === 'pflag') {
        lib[`${T}P`] = native(`${p}.${T}P`, ([name, short, def, usage]) => this.define(kind, String(name), String(short), def ?? null, String(usage)));
        lib[`${T}VarP`] = native(`${p}.${T}VarP`, ([ptr, name, short, def, usage]) => (this.define(kind, String(name), String(short), def ?? null, String(usage), ptr as Ptr), null));
      }
    }
    lib['Parse'] = native(`${p}.Parse`, () => (this.parse(), null));
    lib['Parsed'] = native(`${p}.Parsed`, () => this.parsed);
    lib['NArg'] = native(`${p}.NArg`, () => this.rest.length);
    lib['Arg'] = native(`${p}.Arg`, ([i]) => this.rest[Number(i)] ?? '');
    lib['PrintDefaults'] = native(`${p}.PrintDefaults`, () => (this.proc.stderr(this.defaults()), null));
    return lib;
  }
}

/** `github.com/spf13/pflag` and `flag` for one process. */
export function flagLibraries(proc: GoProcess): { pflag: Library; flag: Library } {
  return { pflag: new FlagSet(proc, 'pflag').library(), flag: new FlagSet(proc, 'flag').library() };
}
