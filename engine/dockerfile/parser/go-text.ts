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

const PRINTABLE = /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u;
const SHORT_ESCAPES: Record<string, string> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
};

/**
 * Go's `strconv.Quote`: `"` and `\` are escaped, printable characters (letters, marks,
 * numbers, punctuation, symbols and the ASCII space) are kept, the rest become `\a`-style,
 * `\xHH`, `\uHHHH` or `\UHHHHHHHH` escapes. A lone surrogate (invalid UTF-8 in Go) is
 * quoted as U+FFFD would be.
 */
export function goQuote(s: string): string {
  const out: string[] = ['"'];
  let plainStart = 0;
  let i = 0;
  const flush = (end: number) => {
    if (end > plainStart) out.push(s.slice(plainStart, end));
  };
  while (i < s.length) {
    const cp = s.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const ch = String.fromCodePoint(cp);
    let esc: string | undefined;
    if (ch === '"' || ch === '\\') esc = '\\' + ch;
    else if (cp >= 0x20 && cp < 0x7f) esc = undefined;
    else if (cp >= 0xd800 && cp <= 0xdfff) esc = '\ufffd';
    else if (cp < 0x7f || cp === 0x7f) esc = SHORT_ESCAPES[ch] ?? '\\x' + hex(cp, 2);
    else if (!PRINTABLE.test(ch)) esc = cp > 0xffff ? '\\U' + hex(cp, 8) : '\\u' + hex(cp, 4);
    if (esc !== undefined) {
      flush(i);
      out.push(esc);
      plainStart = i + width;
    }
    i += width;
  }
  flush(s.length);
  out.push('"');
  return out.join('');
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}
