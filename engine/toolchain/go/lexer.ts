/**
 * A small Go tokenizer: enough to find package clauses, imports, declarations and
 * calls, and to report the scanner errors learners hit (unterminated strings and
 * comments). Positions are 1-based lines and byte columns, as the Go compiler prints them.
 */

/** Token kinds the mini-analyzer distinguishes. */
export type TokenKind = 'ident' | 'string' | 'number' | 'rune' | 'punct' | 'newline';

/** One token. `value` is the decoded text for strings, the source text otherwise. */
export interface Token {
  readonly kind: TokenKind;
  readonly value: string;
  readonly line: number;
  readonly col: number;
}

/** A scanner or syntax error at a position, worded like the Go compiler. */
export interface GoSyntaxError {
  readonly line: number;
  readonly col: number;
  readonly message: string;
}

/** Tokens of a file, or the first scanner error. Newline tokens are kept (Go inserts semicolons there). */
export type LexResult = { readonly tokens: Token[] } | { readonly error: GoSyntaxError };

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'", a: '\x07', b: '\b', f: '\f', v: '\v' };
const PUNCT3 = ['<<=', '>>=', '...', '&^=', '&&=', '||='];
const PUNCT2 = ['<<', '>>', '&^', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '&&', '||', '<-', '++', '--', '==', '!=', '<=', '>=', ':='];

function decodeEscapes(raw: string): string {
  return raw.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/g, (_m, e: string) => {
    if (e[0] === 'x' || e[0] === 'u' || e[0] === 'U') return String.fromCodePoint(parseInt(e.slice(1), 16));
    if (/^[0-7]{3}$/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return ESCAPES[e] ?? e;
  });
}

/** Multi-character operators by their first character, three-character ones first. */
const PUNCT_BY_FIRST = new Map<string, string[]>();
for (const t of [...PUNCT3, ...PUNCT2]) PUNCT_BY_FIRST.set(t[0]!, [...(PUNCT_BY_FIRST.get(t[0]!) ?? []), t]);

/** `[A-Za-z_]` or any UTF-16 unit from U+0080 (the identifier characters the tokenizer accepts). */
const isLetter = (c: number): boolean => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c >= 0x80;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
/** `[0-9A-Za-z_.]`: what a number literal runs on with. */
const isNumberPart = (c: number): boolean => isDigit(c) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x2e;
const isHigh = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/** The UTF-8 length of `src[from, to)` without encoding it (a surrogate pair cut at `to` counts as a lone surrogate: U+FFFD, 3 bytes). */
export function utf8Length(src: string, from = 0, to = src.length): number {
  let bytes = 0;
  for (let k = from; k < to; ) {
    const c = src.charCodeAt(k);
    if (c < 0x80) (bytes += 1), k++;
    else if (c < 0x800) (bytes += 2), k++;
    else if (isHigh(c) && k + 1 < to && isLow(src.charCodeAt(k + 1))) (bytes += 4), (k += 2);
    else (bytes += 3), k++;
  }
  return bytes;
}

/** Splits Go source into tokens (comments dropped). */
export function lex(src: string): LexResult {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  // Byte column, as gc reports it (non-ASCII characters count as several bytes): the UTF-8
  // length of the line so far, counted on from the last column asked for on that line.
  let known = 0;
  let knownBytes = 0;
  const colAt = (at: number): number => {
    if (known < lineStart || known > at) (known = lineStart), (knownBytes = 0);
    const bytes = knownBytes + utf8Length(src, known, at);
    // a pair cut at `at` counted as a lone surrogate: do not resume from inside it
    if (!(at > lineStart && isHigh(src.charCodeAt(at - 1)) && isLow(src.charCodeAt(at)))) (known = at), (knownBytes = bytes);
    return bytes + 1;
  };
  const err = (l: number, c: number, message: string): LexResult => ({ error: { line: l, col: c, message } });
  while (i < src.length) {
    const ch = src[i]!;
    if (ch === '\n') {
      tokens.push({ kind: 'newline', value: '\n', line, col: colAt(i) });
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r') {
      i++;
      continue;
    }
    const start = i;
    const col = colAt(i);
    if (src.startsWith('//', i)) {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (src.startsWith('/*', i)) {
      const end = src.indexOf('*/', i + 2);
      if (end < 0) return err(line, col, 'comment not terminated');
      for (let k = i; k < end; k++) if (src[k] === '\n') (line++, (lineStart = k + 1));
      i = end + 2;
      continue;
    }
    const code = src.charCodeAt(i);
    if (isLetter(code)) {
      while (i < src.length && (isLetter(src.charCodeAt(i)) || isDigit(src.charCodeAt(i)))) i++;
      tokens.push({ kind: 'ident', value: src.slice(start, i), line, col });
      continue;
    }
    if (isDigit(code) || (ch === '.' && isDigit(src.charCodeAt(i + 1)))) {
      while (i < src.length && isNumberPart(src.charCodeAt(i))) i++;
      tokens.push({ kind: 'number', value: src.slice(start, i), line, col });
      continue;
    }
    if (ch === '"' || ch === "'") {
      i++;
      while (i < src.length && src[i] !== ch) {
        if (src[i] === '\n') return err(line, col, ch === '"' ? 'newline in string' : 'newline in rune literal');
        i += src[i] === '\\' ? 2 : 1;
      }
      if (i >= src.length) return err(line, col, ch === '"' ? 'string literal not terminated' : 'rune literal not terminated');
      i++;
      const raw = src.slice(start + 1, i - 1);
      tokens.push({ kind: ch === '"' ? 'string' : 'rune', value: decodeEscapes(raw), line, col });
      continue;
    }
    if (ch === '`') {
      const end = src.indexOf('`', i + 1);
      if (end < 0) return err(line, col, 'raw string literal not terminated');
      const value = src.slice(i + 1, end).replace(/\r/g, '');
      tokens.push({ kind: 'string', value, line, col });
      for (let k = i; k < end; k++) if (src[k] === '\n') (line++, (lineStart = k + 1));
      i = end + 1;
      continue;
    }
    const p = PUNCT_BY_FIRST.get(ch)?.find((t) => src.startsWith(t, i)) ?? ch;
    tokens.push({ kind: 'punct', value: p, line, col });
    i += p.length;
  }
  tokens.push({ kind: 'newline', value: '', line, col: colAt(i) });
  return { tokens };
}
