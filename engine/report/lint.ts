import { sourceExcerpt } from './source-excerpt.ts';
import type { LintWarning as FrontendLintWarning } from '../dockerfile/instructions/lint/linter.ts';

/** What the printers need of a lint finding (the front end's `LintWarning`). */
export type LintWarning = Pick<FrontendLintWarning, 'rule' | 'detail' | 'ranges'> & { readonly url?: string };

/**
 * `docker build --check` output (buildx `printResult` + BuildKit `LintResults.PrintTo`):
 * a count line, then each warning sorted by line as `WARNING: Rule - url`, its detail
 * and the framed source excerpt.
 */
export function formatCheck(filename: string, text: string, warnings: readonly LintWarning[]): string {
  if (warnings.length === 0) return 'Check complete, no warnings found.\n';
  const count = warnings.length === 1 ? '1 warning has been found!' : `${warnings.length} warnings have been found!`;
  let out = `Check complete, ${count}\n`;
  const sorted = [...warnings].sort((a, b) => {
    if (a.ranges.length === 0 || b.ranges.length === 0) {
      return a.ranges.length === 0 && b.ranges.length === 0 ? cmp(a.rule, b.rule) : a.ranges.length === 0 ? -1 : 1;
    }
    return a.ranges[0]!.start.line - b.ranges[0]!.start.line;
  });
  for (const w of sorted) {
    out += `\nWARNING: ${w.rule}${w.url ? ` - ${w.url}` : ''}\n${w.detail}\n`;
    out += sourceExcerpt(filename, text, w.ranges);
  }
  return out;
}

/**
 * The summary a normal build prints after its progress (buildx `printWarnings`, non-debug):
 * ` 1 warning found (use docker --debug to expand):` then ` - Rule: detail (line N)`.
 */
export function formatBuildWarnings(warnings: readonly LintWarning[]): string {
  if (warnings.length === 0) return '';
  const head = warnings.length === 1 ? '1 warning found' : `${warnings.length} warnings found`;
  let out = ` ${head} (use docker --debug to expand):\n`;
  for (const w of warnings) {
    const line = w.ranges[0]?.start.line;
    out += ` - ${w.rule}: ${w.detail}${line ? ` (line ${line})` : ''}\n`;
  }
  return out;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
