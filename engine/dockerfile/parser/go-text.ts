/**
 * Small text helpers that reproduce Go's standard library behaviour where BuildKit's
 * parser depends on it (`unicode.IsSpace`, `strings.TrimSpace`, `strconv.Quote`).
 */

/** Go's `unicode.IsSpace` for one UTF-16 code unit (all Go spaces are in the BMP). */
export function isGoSpace(c: string | undefined): boolean {
  if (c === undefined) return false;
  const code = c.charCodeAt(0);
  if (code <= 0xff) return code === 0x20 || (code >= 0x09 && code <= 0x0d) || code === 0x85 || code === 0xa0;
  return (
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}

/** Go's `strings.TrimLeftFunc(s, unicode.IsSpace)`. */
export function trimLeftGoSpace(s: string): string {
  let i = 0;
  while (i < s.length && isGoSpace(s[i])) i++;
  return i === 0 ? s : s.slice(i);
}

/** Go's `strings.TrimSpace`. */
export function trimGoSpace(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isGoSpace(s[start])) start++;
  while (end > start && isGoSpace(s[end - 1])) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

export { goQuote } from '../../util/go-quote.ts';
