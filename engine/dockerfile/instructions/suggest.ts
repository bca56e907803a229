/**
 * `(did you mean X?)` suggestions, as BuildKit's `util/suggest`: the closest option with
 * Levenshtein distance < 3 (first one wins on ties); an exact match means no suggestion.
 */

/** Levenshtein edit distance (insert, delete, substitute cost 1). */
export function levenshtein(a: string, b: string): number {
  const ca = [...a];
  const cb = [...b];
  let prev = Array.from({ length: cb.length + 1 }, (_, j) => j);
  for (let i = 1; i <= ca.length; i++) {
    const cur = [i];
    for (let j = 1; j <= cb.length; j++) {
      const cost = ca[i - 1] === cb[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    prev = cur;
  }
  return prev[cb.length]!;
}

/** Case of the suggestion follows the input when the input is all lower or all upper. */
function matchCase(option: string, orig: string): string {
  if (orig === orig.toLowerCase()) return option.toLowerCase();
  if (orig === orig.toUpperCase()) return option.toUpperCase();
  return option;
}

/** The suggestion for `value` among `options`, or undefined (BuildKit `WrapErrorMaybe`). */
export function suggest(value: string, options: readonly string[], caseSensitive: boolean): string | undefined {
  const val = caseSensitive ? value : value.toLowerCase();
  let match: string | undefined;
  let min = 3;
  for (const o of options) {
    const opt = caseSensitive ? o : o.toLowerCase();
    if (val === opt) return undefined;
    const d = levenshtein(val, opt);
    if (d < min) {
      match = caseSensitive ? opt : matchCase(opt, value);
      min = d;
    }
  }
  return match;
}

/** `message` plus ` (did you mean X?)` when a suggestion exists. */
export function withSuggestion(message: string, value: string, options: readonly string[], caseSensitive: boolean): string {
  const m = suggest(value, options, caseSensitive);
  return m === undefined ? message : `${message} (did you mean ${m}?)`;
}
