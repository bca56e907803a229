/**
 * A small Go tokenizer: enough to find package clauses, imports, declarations and
 * calls, and to report the scanner errors learners hit (unterminated strings and
 * comments). Positions are 1-based lines and byte columns, as the Go compiler prints them.
 */

import { FNV_START, fnvOn } from '../../util/prng.ts';

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
export type LexResult = { readonly tokens: Tokens } | { readonly error: GoSyntaxError; readonly before: Tokens };

const KINDS: readonly TokenKind[] = ['ident', 'string', 'number', 'rune', 'punct', 'newline'];
/** Token kinds by `Tokens.kindIndex`. */
export const TOKEN_KINDS = KINDS;
const CODE: Readonly<Record<TokenKind, number>> = { ident: 0, string: 1, number: 2, rune: 3, punct: 4, newline: 5 };
const STRING = CODE.string;
const RUNE = CODE.rune;
const PUNCT = CODE.punct;

/**
 * A file's tokens, stored compactly: a kind and a source range per token in typed arrays,
 * with values sliced from the source and positions worked out from a table of line starts
 * when asked for. A large program makes millions of tokens; as objects (or even as four
 * numbers each) they would fill the heap and the memory bus, which two workers share, so
 * hot loops read them by index (`kind`, `is`, `same`, `hash`, `bracket`, `fold`) and `at`, `slice` and
 * `all` make `Token` objects for the few that need them. Made by `lex`; read-only.
 */
export class Tokens {
  private objects?: readonly Token[];

  constructor(
    private readonly src: string,
    private readonly kinds: Uint8Array,
    private readonly starts: Int32Array,
    private readonly ends: Int32Array,
    /** Offsets where lines start (the first is 0); line `n` starts at `lineStarts[n - 1]`. */
    private readonly lineStarts: Int32Array,
    /** Decoded values of string and rune literals (every one), by token index (their text differs from the source). */
    private readonly decoded: ReadonlyMap<number, string>,
  ) {}

  /** How many tokens there are. */
  get length(): number {
    return this.kinds.length;
  }

  /** The kind of token `k` (undefined past the end). */
  kind(k: number): TokenKind | undefined {
    return k >= 0 && k < this.length ? KINDS[this.kinds[k]!] : undefined;
  }

  /** The value of token `k` (undefined past the end). */
  value(k: number): string | undefined {
    if (k < 0 || k >= this.length) return undefined;
    const kind = this.kinds[k];
    if (kind === STRING || kind === RUNE) return this.decoded.get(k)!;
    return this.src.slice(this.starts[k], this.ends[k]);
  }

  /** Whether token `k`'s value is `text` (without slicing it out of the source). */
  is(k: number, text: string): boolean {
    if (k < 0 || k >= this.length) return false;
    const kind = this.kinds[k];
    if (kind === STRING || kind === RUNE) return this.decoded.get(k) === text;
    const start = this.starts[k]!;
    return this.ends[k]! - start === text.length && this.src.startsWith(text, start);
  }

  /** FNV-1a of token `k`'s value, `fnvOn(FNV_START, value(k))`, without slicing it (0 past the end). */
  hash(k: number): number {
    if (k < 0 || k >= this.length) return 0;
    const decoded = this.decoded.get(k);
    return decoded !== undefined ? fnvOn(FNV_START, decoded) : fnvOn(FNV_START, this.src, this.starts[k]!, this.ends[k]!);
  }

  /** Whether tokens `a` and `b` have the same value (without slicing either). */
  same(a: number, b: number): boolean {
    if (a < 0 || a >= this.length || b < 0 || b >= this.length) return false;
    if (this.decoded.has(a) || this.decoded.has(b)) return this.value(a) === this.value(b);
    const from = this.starts[a]!;
    const length = this.ends[a]! - from;
    if (this.ends[b]! - this.starts[b]! !== length) return false;
    const other = this.starts[b]!;
    for (let i = 0; i < length; i++) if (this.src.charCodeAt(from + i) !== this.src.charCodeAt(other + i)) return false;
    return true;
  }

  /** The arrays behind the tokens, for a loop over millions of them (read-only): kinds are indexes in `TOKEN_KINDS`. */
  raw(): { readonly src: string; readonly kinds: Uint8Array; readonly starts: Int32Array; readonly ends: Int32Array } {
    return { src: this.src, kinds: this.kinds, starts: this.starts, ends: this.ends };
  }

  /** Whether the source has a character outside ASCII (only then can a name hold one). */
  nonAscii(): boolean {
    return (this.hasNonAscii ??= /[^\x00-\x7f]/.test(this.src));
  }

  private hasNonAscii?: boolean;

  /** The UTF-16 code unit `i` of token `k`'s source text, or -1 past its end (a quote for a string literal). */
  charAt(k: number, i: number): number {
    const at = this.starts[k]! + i;
    return at < this.ends[k]! ? this.src.charCodeAt(at) : -1;
  }

  /** The length of token `k`'s source text in UTF-16 code units (0 for the end-of-file newline). */
  width(k: number): number {
    return this.ends[k]! - this.starts[k]!;
  }

  /** Token `k`'s source text (a literal as written, quotes and escapes included). */
  source(k: number): string {
    return this.src.slice(this.starts[k], this.ends[k]);
  }

  /** 1 when token `k` opens a bracket group (`(`, `[`, `{`), -1 when it closes one, else 0. */
  bracket(k: number): 1 | -1 | 0 {
    if (k < 0 || k >= this.length || this.kinds[k] !== PUNCT) return 0;
    const c = this.src.charCodeAt(this.starts[k]!);
    if (c === 0x28 || c === 0x5b || c === 0x7b) return 1;
    if (c === 0x29 || c === 0x5d || c === 0x7d) return -1;
    return 0;
  }

  /** Folds `step` over the tokens' values from `h`, each given as `text.slice(from, to)` without slicing it. */
  fold(h: number, step: (h: number, text: string, from: number, to: number, k: number) => number): number {
    for (let k = 0; k < this.length; k++) {
      const kind = this.kinds[k];
      if (kind === STRING || kind === RUNE) {
        const decoded = this.decoded.get(k)!;
        h = step(h, decoded, 0, decoded.length, k);
      } else h = step(h, this.src, this.starts[k]!, this.ends[k]!, k);
    }
    return h;
  }

  /** Line of token `k` (1-based). */
  line(k: number): number {
    return lineOf(this.lineStarts, this.starts[k]!);
  }

  /** Byte column of token `k` (1-based; non-ASCII characters count as several bytes, as gc counts them). */
  col(k: number): number {
    const start = this.starts[k]!;
    return utf8Length(this.src, this.lineStarts[lineOf(this.lineStarts, start) - 1], start) + 1;
  }

  /** Token `k` as an object (undefined past the end). */
  at(k: number): Token | undefined {
    if (k < 0 || k >= this.length) return undefined;
    return { kind: KINDS[this.kinds[k]!]!, value: this.value(k)!, line: this.line(k), col: this.col(k) };
  }

  /** Tokens `[from, to)` as objects. */
  slice(from = 0, to = this.length): Token[] {
    const out: Token[] = [];
    for (let k = Math.max(0, from); k < Math.min(to, this.length); k++) out.push(this.at(k)!);
    return out;
  }

  /** Every token as an object, made once (for analyses over small files: tests, lint, go test). */
  all(): readonly Token[] {
    return (this.objects ??= this.slice());
  }
}

/** Tokens the scratch arrays start with, and the most they keep between files (52 MB: 13 bytes a token with its line slot). */
const SCRATCH_START = 1 << 16;
const SCRATCH_KEPT = 1 << 22;

interface TokenArrays {
  readonly kinds: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** Line starts, as many slots as tokens and one more (a comment or raw string adds lines but no tokens: `lex` checks both). */
  readonly lines: Int32Array;
}

function tokenArrays(n: number): TokenArrays {
  return { kinds: new Uint8Array(n), starts: new Int32Array(n), ends: new Int32Array(n), lines: new Int32Array(n + 1) };
}

/**
 * Where `lex` writes tokens before `sealed` copies them out: this thread's arrays, grown
 * as needed and reused from file to file. Lexing a large file into warm, reused memory and
 * copying once is several times faster than filling (and growing) fresh arrays, whose
 * pages the system must map and zero first.
 */
let scratch = tokenArrays(SCRATCH_START);

/** `scratch` twice as large, with its first `n` tokens and `lines` line starts. */
function grownScratch(n: number, lines: number): TokenArrays {
  const more = tokenArrays(scratch.kinds.length * 2);
  more.kinds.set(scratch.kinds.subarray(0, n));
  more.starts.set(scratch.starts.subarray(0, n));
  more.ends.set(scratch.ends.subarray(0, n));
  more.lines.set(scratch.lines.subarray(0, lines));
  return more;
}

/** The first `n` scratch tokens and `lines` line starts as `Tokens` over `src`, in one buffer of their exact size. */
function sealed(src: string, n: number, lines: number, decoded: ReadonlyMap<number, string>): Tokens {
  const buffer = new ArrayBuffer(n * 9 + lines * 4);
  const starts = new Int32Array(buffer, 0, n);
  const ends = new Int32Array(buffer, n * 4, n);
  const lineStarts = new Int32Array(buffer, n * 8, lines);
  const kinds = new Uint8Array(buffer, n * 8 + lines * 4, n);
  starts.set(scratch.starts.subarray(0, n));
  ends.set(scratch.ends.subarray(0, n));
  lineStarts.set(scratch.lines.subarray(0, lines));
  kinds.set(scratch.kinds.subarray(0, n));
  if (scratch.kinds.length > SCRATCH_KEPT) scratch = tokenArrays(SCRATCH_START); // a huge file's scratch is not kept for good
  return new Tokens(src, kinds, starts, ends, lineStarts, decoded);
}

/** The 1-based line holding `offset`: how many line starts are at or before it. */
function lineOf(lineStarts: Int32Array, offset: number): number {
  let lo = 0;
  let hi = lineStarts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (lineStarts[mid]! <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

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

const NONE: readonly string[] = [];

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
  let n = 0;
  let lines = 1; // line starts so far (comments and raw strings add lines without tokens: both checks grow)
  scratch.lines[0] = 0;
  const decoded = new Map<number, string>();
  const push = (kind: TokenKind, start: number, end: number, value?: string): void => {
    if (n === scratch.kinds.length) scratch = grownScratch(n, lines);
    scratch.kinds[n] = CODE[kind];
    scratch.starts[n] = start;
    scratch.ends[n] = end;
    if (value !== undefined) decoded.set(n, value);
    n++;
  };
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const newline = (at: number): void => {
    line++;
    lineStart = at + 1;
    if (lines === scratch.lines.length) scratch = grownScratch(n, lines);
    scratch.lines[lines++] = lineStart;
  };
  // Errors carry the byte column, as gc reports it (non-ASCII characters count as several bytes).
  // `before`: the tokens ahead of the error, ending there (gc reports a syntax error among them first).
  const err = (l: number, at: number, message: string): LexResult => {
    const col = utf8Length(src, lineStart, at) + 1;
    push('newline', at, at);
    return { error: { line: l, col, message }, before: sealed(src, n, lines, decoded) };
  };
  while (i < src.length) {
    const code = src.charCodeAt(i);
    if (code === 0x0a) {
      push('newline', i, i + 1);
      newline(i);
      i++;
      continue;
    }
    if (code === 0x20 || code === 0x09 || code === 0x0d) {
      i++;
      continue;
    }
    const start = i;
    if (code === 0x2f && src.charCodeAt(i + 1) === 0x2f) {
      while (i < src.length && src.charCodeAt(i) !== 0x0a) i++;
      continue;
    }
    if (code === 0x2f && src.charCodeAt(i + 1) === 0x2a) {
      const end = src.indexOf('*/', i + 2);
      if (end < 0) return err(line, start, 'comment not terminated');
      // A comment that spans lines acts as a newline (Go inserts a semicolon there), at the comment's start.
      const spans = src.indexOf('\n', i + 2);
      if (spans >= 0 && spans < end) push('newline', start, start);
      for (let k = i; k < end; k++) if (src.charCodeAt(k) === 0x0a) newline(k);
      i = end + 2;
      continue;
    }
    if (isLetter(code)) {
      while (i < src.length && (isLetter(src.charCodeAt(i)) || isDigit(src.charCodeAt(i)))) i++;
      push('ident', start, i);
      continue;
    }
    if (isDigit(code) || (code === 0x2e && isDigit(src.charCodeAt(i + 1)))) {
      while (i < src.length && isNumberPart(src.charCodeAt(i))) i++;
      push('number', start, i);
      continue;
    }
    const ch = src[i]!;
    if (ch === '"' || ch === "'") {
      // gc's scanner: a newline is reported where it is, a literal cut by the end of the file or holding
      // the wrong number of characters at its start
      i++;
      while (i < src.length && src[i] !== ch) {
        if (src[i] === '\n') return err(line, i, ch === '"' ? 'newline in string' : 'newline in rune literal');
        i += src[i] === '\\' ? 2 : 1;
      }
      if (i >= src.length) return err(line, start, ch === '"' ? 'string not terminated' : 'rune literal not terminated');
      const value = decodeEscapes(src.slice(start + 1, i));
      if (ch === "'") {
        const chars = [...value].length;
        if (chars === 0) return err(line, i, "empty rune literal or unescaped ' in rune literal");
        if (chars > 1) return err(line, start, 'more than one character in rune literal');
      }
      i++;
      push(ch === '"' ? 'string' : 'rune', start, i, value);
      continue;
    }
    if (ch === '`') {
      const end = src.indexOf('`', i + 1);
      if (end < 0) return err(line, start, 'string not terminated');
      const value = src.slice(i + 1, end).replace(/\r/g, '');
      push('string', i, end + 1, value);
      for (let k = i; k < end; k++) if (src.charCodeAt(k) === 0x0a) newline(k);
      i = end + 1;
      continue;
    }
    let length = 1;
    for (const t of PUNCT_BY_FIRST.get(ch) ?? NONE) {
      if (src.startsWith(t, i)) {
        length = t.length;
        break;
      }
    }
    push('punct', i, i + length);
    i += length;
  }
  push('newline', i, i);
  return { tokens: sealed(src, n, lines, decoded) };
}
