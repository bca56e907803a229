import { ShellFault } from './faults.ts';
import { RuneScanner } from './scanner.ts';

/** Characters that are regular-expression syntax and must be matched literally. */
const REGEX_SPECIAL = new Set(['[', ']', '{', '}', '.', '+', '(', ')', '|', '^', '$']);
/** Go's RE2 `.` without the `s` flag: any character but a newline. */
const ANY = '[^\\n]';

/**
 * Compiles a shell wildcard pattern (`*` any run, `?` one character, `\` quoting `*`, `?`
 * or `\`; no `[...]` classes) into a global, Unicode regular expression, as BuildKit's
 * `convertShellPatternToRegex`. `\}` and `\/` (escaped inside `${}`) lose their backslash.
 * `greedy` picks `*`'s longest match; `anchored` matches only at the start.
 * Throws `invalid pattern (<pattern>) in substitution: invalid escape '\x'` for other escapes.
 */
export function shellPatternToRegex(pattern: string, greedy: boolean, anchored: boolean): RegExp {
  const s = new RuneScanner(pattern);
  let out = anchored ? '^' : '';
  const star = greedy ? `${ANY}*` : `${ANY}*?`;
  for (let tok = s.next(); tok !== null; tok = s.next()) {
    if (tok === '*') {
      out += star;
      continue;
    }
    if (tok === '?') {
      out += ANY;
      continue;
    }
    if (tok === '\\') {
      const after = s.peek();
      if (after === '}' || after === '/') continue;
      const escaped = s.next();
      if (escaped !== '*' && escaped !== '?' && escaped !== '\\') {
        // Go formats the end of input (rune -1) with %c as U+FFFD.
        const shown = escaped ?? '\uFFFD';
        throw new ShellFault('invalid-pattern', `invalid pattern (${pattern}) in substitution: invalid escape '\\${shown}'`);
      }
      out += '\\' + escaped;
      continue;
    }
    out += REGEX_SPECIAL.has(tok) ? '\\' + tok : tok;
  }
  return new RegExp(out, 'gu');
}

/** Go's `FindStringIndex` from offset `from`: `[start, end)` of the leftmost match, or undefined. */
function findFrom(re: RegExp, text: string, from: number): [number, number] | undefined {
  re.lastIndex = from;
  const m = re.exec(text);
  return m ? [m.index, m.index + m[0].length] : undefined;
}

/** `${VAR#pat}` / `${VAR##pat}`: removes the shortest (longest when greedy) matching prefix. */
export function trimPrefix(pattern: string, value: string, greedy: boolean): string {
  const re = shellPatternToRegex(pattern, greedy, true);
  const idx = findFrom(re, value, 0);
  return idx ? value.slice(idx[1]) : value;
}

/**
 * `${VAR%pat}` / `${VAR%%pat}`: removes the shortest (longest) matching suffix, by reversing
 * both the pattern (escapes kept in front of what they escape) and the value.
 */
export function trimSuffix(pattern: string, value: string, greedy: boolean): string {
  return reverseString(trimPrefix(reversePattern(pattern), reverseString(value), greedy));
}

/** Reverses a pattern's code points, keeping each `\x` escape pair in order (`a\*c` → `c\*a`). */
export function reversePattern(pattern: string): string {
  const runes = Array.from(pattern);
  const out: string[] = new Array<string>(runes.length);
  const last = runes.length - 1;
  for (let i = 0; i <= last; ) {
    const tok = runes[i] as string;
    const at = last - i;
    if (tok === '\\' && i !== last) {
      out[at - 1] = tok;
      out[at] = runes[i + 1] as string;
      i += 2;
    } else {
      out[at] = tok;
      i++;
    }
  }
  return out.join('');
}

/** Reverses the code points of a string. */
export function reverseString(s: string): string {
  return Array.from(s).reverse().join('');
}

/**
 * `${VAR/pat/rep}` (first match, `rep` literal) and `${VAR//pat/rep}` (every match, with
 * `rep` expanded like Go's `Regexp.ReplaceAllString`: `$0`/`${0}` is the match, `$$` a
 * dollar, other `$name` empty). `*` is greedy; empty matches right after a match are skipped.
 */
export function replacePattern(value: string, pattern: string, replacement: string, all: boolean, maxLength = Infinity): string {
  const re = shellPatternToRegex(pattern, true, false);
  if (!all) {
    const idx = findFrom(re, value, 0);
    return idx ? value.slice(0, idx[0]) + replacement + value.slice(idx[1]) : value;
  }
  let out = '';
  let lastMatchEnd = 0;
  let searchPos = 0;
  while (searchPos <= value.length) {
    const idx = findFrom(re, value, searchPos);
    if (!idx) break;
    const [a, b] = idx;
    out += value.slice(lastMatchEnd, a);
    if (b > lastMatchEnd || a === 0) out += expandTemplate(replacement, value.slice(a, b));
    if (out.length > maxLength) throw new ShellFault('too-long', `expanded value longer than ${maxLength} characters (stageplay's limit)`);
    lastMatchEnd = b;
    const width = searchPos < value.length ? (value.codePointAt(searchPos)! > 0xffff ? 2 : 1) : 0;
    if (searchPos + width > b) searchPos += width;
    else if (searchPos + 1 > b) searchPos++;
    else searchPos = b;
  }
  return out + value.slice(lastMatchEnd);
}

const NAME = /^[\p{L}\p{Nd}_]+/u;

/** Go's `Regexp.Expand` for a pattern without capture groups: only group 0 exists. */
function expandTemplate(template: string, match: string): string {
  let out = '';
  let rest = template;
  for (;;) {
    const dollar = rest.indexOf('$');
    if (dollar < 0) break;
    out += rest.slice(0, dollar);
    rest = rest.slice(dollar + 1);
    if (rest.startsWith('$')) {
      out += '$';
      rest = rest.slice(1);
      continue;
    }
    let name: string | undefined;
    if (rest.startsWith('{')) {
      const close = rest.indexOf('}');
      const inner = close < 0 ? '' : rest.slice(1, close);
      if (close > 0 && /^[\p{L}\p{Nd}_]+$/u.test(inner)) {
        name = inner;
        rest = rest.slice(close + 1);
      }
    } else {
      const m = NAME.exec(rest);
      if (m) {
        name = m[0];
        rest = rest.slice(name.length);
      }
    }
    if (name === undefined) {
      out += '$'; // malformed: the dollar is literal text
      continue;
    }
    if (name === '0') out += match;
  }
  return out + rest;
}
