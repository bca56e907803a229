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
  if (s === '') return { skipRules, skipAll, returnAsError };
  const parts = s.split(';');
  const limited = parts.length > 2 ? [parts[0]!, parts.slice(1).join(';')] : parts;
  for (const p of limited) {
    const eq = p.indexOf('=');
    if (eq < 0) throw new Error(`invalid check option ${JSON.stringify(p)}`);
    const k = p.slice(0, eq).trim();
    const v = p.slice(eq + 1).trim();
    if (k === 'skip') {
      if (v === 'all') skipAll = true;
      else skipRules = v.split(',').map((r) => r.trim());
    } else if (k === 'error') {
      const b = goBool(v);
      if (b === undefined) throw new Error(`failed to parse check option ${JSON.stringify(p)}: strconv.ParseBool: parsing ${JSON.stringify(v)}: invalid syntax`);
      returnAsError = b;
    } else if (k === 'experimental') {
      // experimental rules are not implemented; accepted and ignored
    } else {
      throw new Error(`invalid check option ${JSON.stringify(k)}`);
    }
  }
  return { skipRules, skipAll, returnAsError };
}

/** Collects warnings, honouring `skip`, and fails with `error=true` (BuildKit `Linter`). */
export class Linter {
  readonly warnings: LintWarning[] = [];
  private readonly called: string[] = [];
  private readonly skipped: ReadonlySet<string>;

  constructor(readonly config: LintConfig) {
    this.skipped = new Set(config.skipRules);
  }

  /** Report `rule` at `ranges` with the formatted `detail`. */
  run<A extends unknown[]>(rule: LintRule<A>, ranges: readonly Range[], ...args: A): void {
    if (this.config.skipAll || this.skipped.has(rule.name) || rule.experimental) return;
    this.called.push(rule.name);
    this.warnings.push({ rule: rule.name, description: rule.description, url: rule.url, detail: rule.format(...args), ranges });
  }

  /** `lint violation found for rules: A, B` when `error=true` and a rule fired (rules in first-seen order). */
  error(): InstructionError | undefined {
    if (!this.config.returnAsError || this.called.length === 0) return undefined;
    const rules = [...new Set(this.called)];
    return new InstructionError('lint-violation', `lint violation found for rules: ${rules.join(', ')}`, [], {
      rules,
      warnings: this.warnings.map((w) => ({ ...w, ranges: [...w.ranges] })),
    });
  }
}
