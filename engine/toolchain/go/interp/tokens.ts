/** The parser's view of the lexer's tokens: one `Tok` at a time, with Go's semicolons. */
import type { Tokens } from '../lexer.ts';
import { TOKEN_KINDS } from '../lexer.ts';

export interface Tok {
  /** `name` (identifiers and keywords), `str`, `num`, `rune`, `op`, `;`, `eof`. */
  readonly t: string;
  readonly v: string;
  readonly line: number;
}

/** A token whose line is looked up only when asked (most never are). */
class StreamTok implements Tok {
  constructor(
    private readonly tokens: Tokens,
    private readonly k: number,
    readonly t: string,
    readonly v: string,
  ) {}
  get line(): number {
    return this.k >= 0 ? this.tokens.line(this.k) : 1;
  }
}

const NEWLINE = TOKEN_KINDS.indexOf('newline');
const IDENT = TOKEN_KINDS.indexOf('ident');
/** Keywords after which a newline is no semicolon (all but break, continue, fallthrough and return). */
const NO_SEMI_KEYWORDS = new Set(['case', 'chan', 'const', 'default', 'defer', 'else', 'for', 'func', 'go', 'goto', 'if', 'import', 'interface', 'map', 'package', 'range', 'select', 'struct', 'switch', 'type', 'var']);
const PUNCT = TOKEN_KINDS.indexOf('punct');

/**
 * The lexer's tokens as the parser reads them, made one at a time when reached (a generated
 * program has millions; only the declarations and the bodies that run are ever read), with
 * Go's semicolon rule: a newline after a name, literal, `)`, `]`, `}`, `++` or `--` is a `;`,
 * any other newline is skipped.
 */
export class TokenStream {
  private readonly n: number;
  /** The lexer's arrays: skipping a body reads them directly (a body of a large program has many tokens). */
  private readonly raw: ReturnType<Tokens['raw']>;
  constructor(private readonly tokens: Tokens) {
    this.n = tokens.length;
    this.raw = tokens.raw();
  }

  /** Whether raw token `k` is read (not a skipped newline). */
  private kept(k: number): boolean {
    const { kinds, src, starts, ends } = this.raw;
    if (k >= this.n || kinds[k] !== NEWLINE) return true;
    if (k === 0 || kinds[k - 1] === NEWLINE) return false;
    if (kinds[k - 1] === IDENT) return !NO_SEMI_KEYWORDS.has(this.tokens.value(k - 1)!);
    if (kinds[k - 1] !== PUNCT) return true;
    const c = src.charCodeAt(starts[k - 1]!);
    const width = ends[k - 1]! - starts[k - 1]!;
    if (width === 1) return c === 0x29 || c === 0x5d || c === 0x7d; // ) ] }
    return width === 2 && (c === 0x2b || c === 0x2d) && src.charCodeAt(starts[k - 1]! + 1) === c; // ++ --
  }

  /** 1 when raw token `k` opens a bracket group, -1 when it closes one, else 0 (from the arrays). */
  private bracket(k: number): number {
    const { kinds, src, starts } = this.raw;
    if (kinds[k] !== PUNCT) return 0;
    const c = src.charCodeAt(starts[k]!);
    if (c === 0x28 || c === 0x5b || c === 0x7b) return 1;
    if (c === 0x29 || c === 0x5d || c === 0x7d) return -1;
    return 0;
  }

  /**
   * The index just past the func declaration whose name (or receiver) is at `k`: past its body,
   * the first `{` group outside brackets that is not a `struct{}`/`interface{}` of its signature.
   */
  skipFunc(k: number): number {
    const { kinds, src, starts } = this.raw;
    for (; k < this.n; k++) {
      if (kinds[k] === NEWLINE) {
        if (this.kept(k)) return k; // a declaration without a body
        continue;
      }
      if (this.bracket(k) !== 1) continue;
      if (src.charCodeAt(starts[k]!) !== 0x7b || this.tokens.is(k - 1, 'struct') || this.tokens.is(k - 1, 'interface')) {
        k = this.skipGroup(k) - 1;
        continue;
      }
      return this.skipGroup(k);
    }
    return this.n;
  }

  /** The index just past the bracket group opening at `k`, read from the lexer's arrays (no token is made). */
  skipGroup(k: number): number {
    let depth = 0;
    for (; k < this.n; k++) {
      const b = this.bracket(k);
      if (b === 1) depth++;
      else if (b === -1 && --depth === 0) return k + 1;
    }
    return this.n;
  }

  /** The first kept index at or after `k` (`length` when none: the end of the file). */
  settle(k: number): number {
    while (k < this.n && !this.kept(k)) k++;
    return k;
  }

  /** The kept token at `k` (from `settle`); past the end, `eof`. */
  at(k: number): Tok {
    if (k >= this.n) return new StreamTok(this.tokens, this.n - 1, 'eof', '');
    const kind = this.tokens.kind(k)!;
    if (kind === 'newline') return new StreamTok(this.tokens, k, ';', '\n');
    const v = this.tokens.value(k)!;
    const t = kind === 'ident' ? 'name' : kind === 'string' ? 'str' : kind === 'number' ? 'num' : kind === 'rune' ? 'rune' : v === ';' ? ';' : 'op';
    return new StreamTok(this.tokens, k, t, v);
  }
}

