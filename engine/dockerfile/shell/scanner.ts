/** End of input, as returned by {@link RuneScanner.peek} and {@link RuneScanner.next}. */
export const EOF = null;

/**
 * A one-character-lookahead reader over the code points of a string, the part of Go's
 * `text/scanner` that BuildKit's lexer uses (`Peek`/`Next`). Like `text/scanner`, a
 * byte-order mark at the very start is skipped.
 */
export class RuneScanner {
  private readonly runes: readonly string[];
  private pos = 0;

  constructor(text: string) {
    this.runes = Array.from(text);
    if (this.runes[0] === '\uFEFF') this.pos = 1;
  }

  /** The next code point without consuming it, or `EOF`. */
  peek(): string | null {
    return this.runes[this.pos] ?? EOF;
  }

  /** Consumes and returns the next code point, or `EOF` (repeatedly) at the end. */
  next(): string | null {
    const ch = this.runes[this.pos];
    if (ch === undefined) return EOF;
    this.pos++;
    return ch;
  }
}
