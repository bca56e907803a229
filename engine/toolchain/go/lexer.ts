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

/** Splits Go source into tokens (comments dropped). */
export function lex(src: string): LexResult {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const enc = new TextEncoder();
  // Byte column, as gc reports it (non-ASCII characters count as several bytes).
  const colAt = (at: number): number => enc.encode(src.slice(lineStart, at)).length + 1;
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
    if (/[A-Za-z_\u0080-\uffff]/.test(ch)) {
      while (i < src.length && /[A-Za-z0-9_\u0080-\uffff]/.test(src[i]!)) i++;
      tokens.push({ kind: 'ident', value: src.slice(start, i), line, col });
      continue;
    }
    if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      while (i < src.length && /[0-9A-Za-z_.]/.test(src[i]!)) i++;
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
    const p = PUNCT3.find((t) => src.startsWith(t, i)) ?? PUNCT2.find((t) => src.startsWith(t, i)) ?? ch;
    tokens.push({ kind: 'punct', value: p, line, col });
    i += p.length;
  }
  tokens.push({ kind: 'newline', value: '', line, col: colAt(i) });
  return { tokens };
}
