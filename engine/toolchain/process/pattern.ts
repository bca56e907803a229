/**
 * Shell pattern matching (`*`, `?`, `[...]`, `[!...]`, backslash-escaped literals), used by
 * the shell's `case`, `${x#pat}` and pathname expansion, and by `find -name`.
 */

const cache = new Map<string, RegExp>();

/** Converts a shell pattern (quoted characters escaped with `\`) into an anchored RegExp. */
export function patternToRegExp(pat: string, anchorEnd = true, anchorStart = true): RegExp {
  const key = `${anchorStart ? 1 : 0}${anchorEnd ? 1 : 0}${pat}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let re = anchorStart ? '^' : '';
  for (let i = 0; i < pat.length; i++) {
    const c = pat[i]!;
    if (c === '\\') {
      i++;
      re += esc(pat[i] ?? '\\');
    } else if (c === '*') re += '[^]*';
    else if (c === '?') re += '[^]';
    else if (c === '[') {
      const end = findClassEnd(pat, i);
      if (end < 0) {
        re += '\\[';
        continue;
      }
      let body = pat.slice(i + 1, end);
      let neg = false;
      if (body[0] === '!' || body[0] === '^') {
        neg = true;
        body = body.slice(1);
      }
      re += `[${neg ? '^' : ''}${body.replace(/\\(.)/g, '$1').replace(/[\]\\^]/g, (m) => '\\' + m)}]`;
      i = end;
    } else re += esc(c);
  }
  if (anchorEnd) re += '$';
  let out: RegExp;
  try {
    out = new RegExp(re, 's');
  } catch {
    out = new RegExp(`^${esc(pat)}$`, 's');
  }
  if (cache.size > 500) cache.clear();
  cache.set(key, out);
  return out;
}

function findClassEnd(pat: string, i: number): number {
  let j = i + 1;
  if (pat[j] === '!' || pat[j] === '^') j++;
  if (pat[j] === ']') j++;
  for (; j < pat.length; j++) if (pat[j] === ']') return j;
  return -1;
}

function esc(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** True when `s` matches the whole pattern. */
export function matchPattern(pat: string, s: string): boolean {
  return patternToRegExp(pat).test(s);
}

/** True when the pattern has an unescaped `*`, `?` or `[`. */
export function hasGlobChars(pat: string): boolean {
  for (let i = 0; i < pat.length; i++) {
    const c = pat[i];
    if (c === '\\') i++;
    else if (c === '*' || c === '?' || c === '[') return true;
  }
  return false;
}

/** Removes the escaping backslashes from a pattern. */
export function unescapePattern(pat: string): string {
  return pat.replace(/\\(.)/gs, '$1');
}

/** Escapes glob characters and backslashes in literal (quoted) text. */
export function escapePattern(s: string): string {
  return s.replace(/[\\*?[\]]/g, '\\$&');
}

/**
 * Removes the shortest/longest prefix or suffix matching `pat` (`${x#p}`, `${x##p}`,
 * `${x%p}`, `${x%%p}`).
 */
export function trimPattern(value: string, pat: string, op: string): string {
  const re = patternToRegExp(pat);
  if (op === '#' || op === '##') {
    const idx = op === '#' ? range(0, value.length, 1) : range(value.length, 0, -1);
    for (const i of idx) if (re.test(value.slice(0, i))) return value.slice(i);
    return value;
  }
  const idx = op === '%' ? range(value.length, 0, -1) : range(0, value.length, 1);
  for (const i of idx) if (re.test(value.slice(i))) return value.slice(0, i);
  return value;
}

function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let i = from; step > 0 ? i <= to : i >= to; i += step) out.push(i);
  return out;
}
