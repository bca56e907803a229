/** Command-line flags of the go subcommands, parsed like Go's `flag` package. */

/** Parsed flags and positional arguments. */
export interface ParsedFlags {
  readonly values: ReadonlyMap<string, string>;
  readonly bools: ReadonlySet<string>;
  readonly args: readonly string[];
}

/** A flag error: the message and the subcommand's usage line (exit status 2). */
export class GoFlagError extends Error {}

/**
 * Parses `argv` given the names of the boolean and value flags. Flags stop at the first
 * positional argument or `--`; `-f=v`, `-f v`, `--f` are accepted, like Go's flag package.
 */
export function parseFlags(argv: readonly string[], boolFlags: readonly string[], valueFlags: readonly string[]): ParsedFlags {
  const values = new Map<string, string>();
  const bools = new Set<string>();
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-') || a === '-') break;
    const body = a.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const name = eq < 0 ? body : body.slice(0, eq);
    if (boolFlags.includes(name)) {
      const v = eq < 0 ? 'true' : body.slice(eq + 1);
      if (v === 'true' || v === '1') bools.add(name);
      else bools.delete(name);
    } else if (valueFlags.includes(name)) {
      if (eq >= 0) values.set(name, body.slice(eq + 1));
      else if (i + 1 < argv.length) values.set(name, argv[++i]!);
      else throw new GoFlagError(`flag needs an argument: -${name}`);
    } else {
      throw new GoFlagError(`flag provided but not defined: -${name}`);
    }
  }
  return { values, bools, args: argv.slice(i) };
}

/** Splits a flag value the way cmd/go splits `-ldflags` (spaces, with '…' or "…" quoting). */
export function splitQuoted(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote = '';
  let has = false;
  for (const ch of s) {
    if (quote) {
      if (ch === quote) quote = '';
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      has = true;
    } else if (/\s/.test(ch)) {
      if (cur || has) out.push(cur);
      cur = '';
      has = false;
    } else cur += ch;
  }
  if (cur || has) out.push(cur);
  return out;
}

/** Link settings from `-ldflags`: `-X importpath.name=value` definitions and `-s`/`-w`. */
export function parseLdflags(value: string): { xdefs: Map<string, string>; strip: boolean } {
  const words = splitQuoted(value);
  const xdefs = new Map<string, string>();
  let strip = false;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!.replace(/^--/, '-');
    if (w === '-s' || w === '-w') strip = true;
    const def = w === '-X' ? words[++i] : w.startsWith('-X=') ? w.slice(3) : undefined;
    if (def === undefined) continue;
    const eq = def.indexOf('=');
    if (eq < 0) throw new GoFlagError(`-X flag requires argument of the form importpath.name=value`);
    xdefs.set(def.slice(0, eq), def.slice(eq + 1));
  }
  return { xdefs, strip };
}
