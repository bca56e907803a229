/**
 * A small spf13/pflag-style parser (what the Docker CLI uses): `--name=value`,
 * `--name value`, `-n value`, `-nvalue`, boolean `--name[=true|false]`, repeatable flags,
 * flags interspersed with arguments, `--` ending flags, and pflag's error messages.
 * Pure: the CLI and the web terminal share it.
 */
export interface FlagSpec {
  readonly name: string;
  readonly short?: string;
  readonly type: 'string' | 'bool';
  /** Collects every occurrence (stringArray). */
  readonly multiple?: boolean;
  readonly description: string;
  /** Shown as `(default "x")` in usage. */
  readonly defaultText?: string;
}

export type FlagValues = Record<string, string | boolean | string[] | undefined>;

export class FlagError extends Error {}

export function parseFlags(argv: readonly string[], specs: readonly FlagSpec[]): { values: FlagValues; args: string[] } {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));
  const values: FlagValues = {};
  const args: string[] = [];
  const set = (spec: FlagSpec, value: string | boolean) => {
    if (spec.multiple) values[spec.name] = [...((values[spec.name] as string[] | undefined) ?? []), String(value)];
    else values[spec.name] = value;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      args.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const spec = byName.get(name);
      if (!spec) throw new FlagError(`unknown flag: --${name}`);
      if (spec.type === 'bool') {
        if (eq < 0) set(spec, true);
        else set(spec, parseBool(a.slice(eq + 1), `--${name}`));
      } else if (eq >= 0) {
        set(spec, a.slice(eq + 1));
      } else {
        if (i + 1 >= argv.length) throw new FlagError(`flag needs an argument: --${name}`);
        set(spec, argv[++i]!);
      }
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      // shorthand cluster: -qt name, -tname, -f=Dockerfile
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        const spec = byShort.get(c);
        if (!spec) throw new FlagError(`unknown shorthand flag: '${c}' in ${a}`);
        if (spec.type === 'bool') {
          if (a[j + 1] === '=') {
            set(spec, parseBool(a.slice(j + 2), `-${c}`));
            break;
          }
          set(spec, true);
          continue;
        }
        let rest = a.slice(j + 1);
        if (rest.startsWith('=')) rest = rest.slice(1);
        if (rest !== '') set(spec, rest);
        else {
          if (i + 1 >= argv.length) throw new FlagError(`flag needs an argument: '${c}' in ${a}`);
          set(spec, argv[++i]!);
        }
        break;
      }
      continue;
    }
    args.push(a);
  }
  return { values, args };
}

function parseBool(v: string, flag: string): boolean {
  if (/^(1|t|true)$/i.test(v)) return true;
  if (/^(0|f|false)$/i.test(v)) return false;
  throw new FlagError(`invalid argument "${v}" for "${flag}" flag: strconv.ParseBool: parsing "${v}": invalid syntax`);
}

/** The `Options:` block of a usage text, aligned like cobra prints it. */
export function formatFlagUsage(specs: readonly FlagSpec[]): string {
  const left = specs.map((s) => {
    const short = s.short ? `-${s.short}, ` : '    ';
    const type = s.type === 'string' ? (s.multiple ? ' stringArray' : ' string') : '';
    return `  ${short}--${s.name}${type}`;
  });
  const width = Math.max(...left.map((l) => l.length)) + 3;
  return specs
    .map((s, i) => `${left[i]!.padEnd(width)}${s.description}${s.defaultText !== undefined ? ` (default ${JSON.stringify(s.defaultText)})` : ''}`)
    .join('\n');
}

/**
 * Split a command line into words as a POSIX shell would for simple commands: single and
 * double quotes, backslash escapes, whitespace separation (no expansion). For the web
 * terminal, where a learner types `docker images "buildme*"`.
 */
export function tokenize(line: string): string[] {
  const words: string[] = [];
  let cur = '';
  let has = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new FlagError('unexpected EOF while looking for matching `\'\'');
      cur += line.slice(i + 1, end);
      has = true;
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === '\\' && j + 1 < line.length && '"\\$`'.includes(line[j + 1]!)) j++;
        cur += line[j]!;
      }
      if (j >= line.length) throw new FlagError('unexpected EOF while looking for matching `"\'');
      has = true;
      i = j;
    } else if (c === '\\' && i + 1 < line.length) {
      cur += line[++i]!;
      has = true;
    } else if (/\s/.test(c)) {
      if (has) words.push(cur);
      cur = '';
      has = false;
    } else {
      cur += c;
      has = true;
    }
  }
  if (has) words.push(cur);
  return words;
}
