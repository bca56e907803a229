import type { Range } from '../../../source/range.ts';
import { InstructionError } from '../../../source/errors.ts';
import type { LintRule } from './rules.ts';

/** A lint finding, in the shape `docker build --check` prints. */
export interface LintWarning {
  /** Rule name, e.g. `FromAsCasing`. */
  readonly rule: string;
  readonly description: string;
  readonly url: string;
  /** The formatted message, e.g. `'as' and 'FROM' keywords' casing do not match`. */
  readonly detail: string;
  /** Where it applies (usually one instruction). */
  readonly ranges: readonly Range[];
}

/** Parsed `# check=` directive (BuildKit `linter.Config`). */
export interface LintConfig {
  readonly skipRules: readonly string[];
  readonly skipAll: boolean;
  readonly returnAsError: boolean;
  /** Experimental rules enabled by name (`experimental=A,B`), or all of them (`experimental=all`). */
  readonly experimentalRules?: readonly string[];
  readonly experimentalAll?: boolean;
}

/** Go `strconv.ParseBool`. */
function goBool(v: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  return undefined;
}

/**
 * Parse `skip=A,B;error=true` (`linter.ParseLintOptions`). Errors are worded as BuildKit
 * (`invalid check option "x"`), wrapped by the caller as `failed to parse check options`.
 */
export function parseLintOptions(check: string | undefined): LintConfig {
  const s = (check ?? '').trim();
  let skipRules: string[] = [];
  let skipAll = false;
  let returnAsError = false;
  let experimentalRules: string[] = [];
  let experimentalAll = false;
  if (s === '') return { skipRules, skipAll, returnAsError };
  // Go's strings.SplitN(s, ";", 3): at most three options, the last keeps any further `;`
  const parts = s.split(';');
  const limited = parts.length > 3 ? [parts[0]!, parts[1]!, parts.slice(2).join(';')] : parts;
  const list = (v: string): string[] => v.split(',').map((r) => r.trim());
  for (const p of limited) {
    const eq = p.indexOf('=');
    if (eq < 0) throw new Error(`invalid check option ${JSON.stringify(p)}`);
    const k = p.slice(0, eq).trim();
    const v = p.slice(eq + 1).trim();
    if (k === 'skip') {
      if (v === 'all') skipAll = true;
      else skipRules = list(v);
    } else if (k === 'experimental') {
      if (v === 'all') experimentalAll = true;
      else experimentalRules = list(v);
    } else if (k === 'error') {
      const b = goBool(v);
      if (b === undefined) throw new Error(`failed to parse check option ${JSON.stringify(p)}: strconv.ParseBool: parsing ${JSON.stringify(v)}: invalid syntax`);
      returnAsError = b;
    } else {
      throw new Error(`invalid check option ${JSON.stringify(k)}`);
    }
  }
  return { skipRules, skipAll, returnAsError, experimentalRules, experimentalAll };
}

/** A `check=` parser directive inside one comment line (`#` already stripped), as BuildKit's DirectiveParser reads it. */
const CHECK_COMMENT = /^\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$/;

/** What linters derived from one another share: the warnings and the rules that fired. */
interface LintSink {
  readonly warnings: LintWarning[];
  readonly called: string[];
}

/**
 * Collects warnings, honouring `skip` and `experimental`, and fails with `error=true`
 * (BuildKit `Linter`). `withComments` gives the linter for one instruction: a `# check=`
 * comment directly above it adds its skips for that instruction only.
 */
export class Linter {
  private readonly skipped: ReadonlySet<string>;
  private readonly experimental: ReadonlySet<string>;
  private readonly sink: LintSink;

  constructor(
    readonly config: LintConfig,
    sink?: LintSink,
  ) {
    this.skipped = new Set(config.skipRules);
    this.experimental = new Set(config.experimentalRules ?? []);
    this.sink = sink ?? { warnings: [], called: [] };
  }

  get warnings(): LintWarning[] {
    return this.sink.warnings;
  }

  /** Report `rule` at `ranges` with the formatted `detail`. */
  run<A extends unknown[]>(rule: LintRule<A>, ranges: readonly Range[], ...args: A): void {
    if (rule.experimental) {
      if (!this.config.experimentalAll && !this.experimental.has(rule.name)) return;
    } else if (this.config.skipAll || this.skipped.has(rule.name)) return;
    this.sink.called.push(rule.name);
    this.sink.warnings.push({ rule: rule.name, description: rule.description, url: rule.url, detail: rule.format(...args), ranges });
  }

  /**
   * This linter with the first `check=` comment among `comments` merged in (BuildKit
   * `WithMergedConfigFromComments`): its value up to the first space (`skip=A // why`),
   * skips and experimental rules added; a comment that does not parse changes nothing.
   */
  withComments(comments: readonly string[]): Linter {
    for (const comment of comments) {
      const m = CHECK_COMMENT.exec(comment);
      if (!m || m[1]!.toLowerCase() !== 'check') continue;
      let other: LintConfig;
      try {
        other = parseLintOptions(m[2]!.split(' ')[0]);
      } catch {
        return this;
      }
      const c = this.config;
      return new Linter(
        {
          skipAll: c.skipAll || other.skipAll,
          skipRules: [...c.skipRules, ...other.skipRules],
          returnAsError: c.returnAsError,
          experimentalAll: (c.experimentalAll ?? false) || (other.experimentalAll ?? false),
          experimentalRules: [...(c.experimentalRules ?? []), ...(other.experimentalRules ?? [])],
        },
        this.sink,
      );
    }
    return this;
  }

  /** `lint violation found for rules: A, B` when `error=true` and a rule fired (rules in first-seen order). */
  error(): InstructionError | undefined {
    if (!this.config.returnAsError || this.sink.called.length === 0) return undefined;
    const rules = [...new Set(this.sink.called)];
    return new InstructionError('lint-violation', `lint violation found for rules: ${rules.join(', ')}`, [], {
      rules,
      warnings: this.warnings.map((w) => ({ ...w, ranges: [...w.ranges] })),
    });
  }
}
