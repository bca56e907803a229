import { fault } from './errors.ts';
import { withSuggestion } from './suggest.ts';

/** How a flag takes its value (BuildKit `FlagType`). */
export type FlagKind = 'bool' | 'string' | 'strings';

/** Flags an instruction accepts: name (without `--`) to kind. */
export type FlagSpec = Readonly<Record<string, FlagKind>>;

/** Parsed flag values; only flags that were given appear. */
export interface ParsedFlags {
  /** Values of `string` flags. */
  readonly strings: ReadonlyMap<string, string>;
  /** Values of `bool` flags. */
  readonly bools: ReadonlyMap<string, boolean>;
  /** Values of repeatable `strings` flags, in order. */
  readonly lists: ReadonlyMap<string, readonly string[]>;
}

/**
 * Parse an instruction's leading flag words as BuildKit's `BFlags.Parse`: unknown flags
 * (with a suggestion), missing values, booleans, duplicates, repeatable list flags.
 */
export function parseFlags(words: readonly string[], spec: FlagSpec): ParsedFlags {
  const strings = new Map<string, string>();
  const bools = new Map<string, boolean>();
  const lists = new Map<string, string[]>();
  const used = new Set<string>();
  for (const word of words) {
    if (word === '--') break;
    if (!word.startsWith('--')) throw fault('flag-invalid', `arg should start with -- : ${word}`);
    const eq = word.indexOf('=');
    const flagName = eq >= 0 ? word.slice(0, eq) : word;
    const value = eq >= 0 ? word.slice(eq + 1) : '';
    const name = flagName.slice(2);
    const kind = Object.prototype.hasOwnProperty.call(spec, name) ? spec[name] : undefined;
    if (kind === undefined) {
      throw fault('flag-unknown', withSuggestion(`unknown flag: ${flagName}`, name, Object.keys(spec), true));
    }
    if (used.has(name) && kind !== 'strings') throw fault('flag-duplicate', `duplicate flag specified: ${flagName}`);
    used.add(name);
    switch (kind) {
      case 'bool': {
        if (eq >= 0 && value === '') throw fault('flag-missing-value', `missing a value on flag: ${flagName}`);
        const lower = value.toLowerCase();
        if (lower === '' || lower === 'true') bools.set(name, true);
        else if (lower === 'false') bools.set(name, false);
        else throw fault('flag-not-bool', `expecting boolean value for flag ${flagName}, not: ${value}`);
        break;
      }
      case 'string':
        if (eq < 0) throw fault('flag-missing-value', `missing a value on flag: ${flagName}`);
        strings.set(name, value);
        break;
      case 'strings': {
        if (eq < 0) throw fault('flag-missing-value', `missing a value on flag: ${flagName}`);
        const list = lists.get(name) ?? [];
        list.push(value);
        lists.set(name, list);
        break;
      }
    }
  }
  return { strings, bools, lists };
}
