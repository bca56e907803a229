import { ParseError } from '../../source/index.ts';
import { isGoSpace } from './go-text.ts';

/** Options of the word lexer, named after BuildKit's `shell.Lex` fields. */
export interface HeredocLexOptions {
  /** Keep quote characters in the words. */
  readonly rawQuotes: boolean;
  /** Keep escape characters in the words. */
  readonly rawEscapes: boolean;
}

/**
 * The slice of BuildKit's `shell.Lex.ProcessWords` (escape `\`, `SkipUnsetEnv`, no
 * variables set) that heredoc detection needs: shell-style word splitting where quotes and
 * escapes keep blanks inside a word, `$name`/`${...}` are left as written, and `<<`/`<<-`
 * absorb the blanks after them so `<<-  EOF` stays one word. Throws ParseError (`parse/heredoc`) on an
 * unterminated quote or `${`.
 *
 * Private to the parser; the full shell lexer lives in `engine/dockerfile/shell/`.
 */
export function lexHeredocWords(src: string, opts: HeredocLexOptions): string[] {
  const lx = new Lexer(src, opts);
  try {
    return lx.words();
  } catch (err) {
    if (err instanceof LexFailure) throw new ParseError('parse/heredoc', `failed to process ${JSON.stringify(src)}: ${err.message}`);
    throw err;
  }
}

class LexFailure extends Error {}

class Lexer {
  private pos = 0;
  private readonly out: string[] = [];
  private word = '';
  private inWord = false;

  constructor(
    private readonly src: string,
    private readonly opts: HeredocLexOptions,
  ) {}

  words(): string[] {
    const s = this.src;
    while (this.pos < s.length) {
      const ch = s[this.pos]!;
      if (ch === '$') this.addSplitting(this.dollar());
      else if (ch === "'") this.addRaw(this.singleQuote());
      else if (ch === '"') this.addRaw(this.doubleQuote());
      else if (ch === '<') this.addRaw(this.possibleHeredoc());
      else if (ch === '\\') {
        this.pos++;
        if (this.opts.rawEscapes) this.addRaw('\\');
        if (this.pos >= s.length) break;
        this.addRaw(s[this.pos++]!);
      } else {
        this.pos++;
        this.addChar(ch);
      }
    }
    if (this.word.length > 0) this.out.push(this.word);
    return this.out;
  }

  private addChar(ch: string): void {
    if (isGoSpace(ch)) {
      if (this.inWord && this.word.length > 0) {
        this.out.push(this.word);
        this.word = '';
        this.inWord = false;
      }
    } else this.addRaw(ch);
  }

  private addRaw(s: string): void {
    this.word += s;
    this.inWord = true;
  }

  private addSplitting(s: string): void {
    for (const ch of s) this.addChar(ch);
  }

  private singleQuote(): string {
    const s = this.src;
    const close = s.indexOf("'", this.pos + 1);
    if (close < 0) throw new LexFailure('unexpected end of statement while looking for matching single-quote');
    const body = s.slice(this.pos + 1, close);
    this.pos = close + 1;
    return this.opts.rawQuotes ? `'${body}'` : body;
  }

  private doubleQuote(): string {
    const s = this.src;
    let result = this.opts.rawQuotes ? '"' : '';
    this.pos++;
    for (;;) {
      if (this.pos >= s.length) throw new LexFailure('unexpected end of statement while looking for matching double-quote');
      const ch = s[this.pos]!;
      if (ch === '"') {
        this.pos++;
        return this.opts.rawQuotes ? result + '"' : result;
      }
      if (ch === '$') {
        result += this.dollar();
        continue;
      }
      this.pos++;
      if (ch === '\\') {
        if (this.opts.rawEscapes) result += ch;
        if (this.pos >= s.length) continue;
        const next = s[this.pos]!;
        if (next === '"' || next === '$' || next === '\\') {
          this.pos++;
          result += next;
          continue;
        }
        if (this.opts.rawEscapes) continue;
      }
      result += ch;
    }
  }

  /** `$name`, `${...}` and `$` itself are kept as written (no variable is set). */
  private dollar(): string {
    const s = this.src;
    const start = this.pos;
    this.pos++;
    if (s[this.pos] !== '{') {
      const m = /^(?:[0-9]+|[@*#?$!-]|[\p{L}\p{Nd}_]+)/u.exec(s.slice(this.pos));
      if (m) this.pos += m[0].length;
      return s.slice(start, this.pos);
    }
    this.pos++;
    const c = s[this.pos];
    if (c === undefined) throw new LexFailure("syntax error: missing '}'");
    if (c === '{' || c === '}' || c === ':') throw new LexFailure('syntax error: bad substitution');
    const close = s.indexOf('}', this.pos);
    if (close < 0) throw new LexFailure("syntax error: missing '}'");
    this.pos = close + 1;
    return s.slice(start, this.pos);
  }

  /** `<<` or `<<-` followed by blanks stays one word with what follows; a single `<` is literal. */
  private possibleHeredoc(): string {
    const s = this.src;
    this.pos++;
    if (s[this.pos] !== '<') return '<';
    this.pos++;
    const start = this.pos;
    if (s[this.pos] === '-') this.pos++;
    while (this.pos < s.length && isShellBlank(s[this.pos]!)) this.pos++;
    return '<<' + s.slice(start, this.pos);
  }
}

/** BuildKit lexer's `isWhitespace`: space, tab, newline. */
function isShellBlank(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n';
}
