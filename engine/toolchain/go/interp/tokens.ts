/** The parser's view of the lexer's tokens: one `Tok` at a time, with Go's semicolons. */
import type { Tokens } from '../lexer.ts';

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

const CLOSERS = new Set([')', ']', '}', '++', '--']);

/**
 * The lexer's tokens as the parser reads them, made one at a time when reached (a generated
 * program has millions; only the declarations and the bodies that run are ever read), with
 * Go's semicolon rule: a newline after a name, literal, `)`, `]`, `}`, `++` or `--` is a `;`,
 * any other newline is skipped.
 */
export class TokenStream {
  private readonly n: number;
  constructor(private readonly tokens: Tokens) {
    this.n = tokens.length;
  }

  /** Whether raw token `k` is read (not a skipped newline). */
  private kept(k: number): boolean {
    if (k >= this.n || this.tokens.kind(k) !== 'newline') return true;
    if (k === 0 || this.tokens.kind(k - 1) === 'newline') return false;
    if (this.tokens.kind(k - 1) !== 'punct') return true;
    for (const c of CLOSERS) if (this.tokens.is(k - 1, c)) return true;
    return false;
  }

  /**
   * The index just past the func declaration whose name (or receiver) is at `k`: past its body,
   * the first `{` group outside brackets that is not a `struct{}`/`interface{}` of its signature.
   */
  skipFunc(k: number): number {
    for (; k < this.n; k++) {
      const b = this.tokens.bracket(k);
      if (b !== 1) {
        if (this.tokens.kind(k) === 'newline' && this.kept(k)) return k;
        continue;
      }
      if (!this.tokens.is(k, '{') || this.tokens.is(k - 1, 'struct') || this.tokens.is(k - 1, 'interface')) {
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
      const b = this.tokens.bracket(k);
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

