import type { List, Redirect, Word } from './ast.ts';
import { ShSyntaxError } from './errors.ts';
import { WordReader } from './words.ts';

/** A token of the shell grammar (words keep their parts; reserved words are decided by the parser). */
export type Token =
  | { t: 'word'; w: Word; line: number }
  | { t: 'op'; v: string; line: number }
  | { t: 'nl'; line: number }
  | { t: 'eof'; line: number };

const OPS = ['&&', '||', ';;', '<<-', '<<', '>>', '>&', '<&', '<>', '>|', ';', '&', '|', '(', ')', '<', '>'];

/** Parses a `$(...)` body (set by the parser module to break the import cycle). */
export const subParser: { parse?: (src: string, pos: number) => { body: List; end: number } } = {};

function subParse(src: string, pos: number): { body: List; end: number } {
  return subParser.parse!(src, pos);
}

/**
 * The shell's tokenizer with one token of lookahead: operators, words, newlines, comments,
 * line continuations and heredoc bodies (read after the newline that follows `<<WORD`).
 */
export class Lexer {
  pos: number;
  protected la: Token | undefined;
  protected pending: Redirect[] = [];

  constructor(
    protected readonly src: string,
    pos: number,
  ) {
    this.pos = pos;
  }

  private lastPos = 0;
  private lastLine = 1;

  private lineAt(pos: number): number {
    if (pos < this.lastPos) {
      this.lastPos = 0;
      this.lastLine = 1;
    }
    for (let i = this.lastPos; i < pos && i < this.src.length; i++) if (this.src.charCodeAt(i) === 10) this.lastLine++;
    this.lastPos = pos;
    return this.lastLine;
  }

  peek(): Token {
    this.la ??= this.lex();
    return this.la;
  }

  next(): Token {
    const t = this.peek();
    this.la = undefined;
    return t;
  }

  /** Throws ash's `unexpected ...` message. */
  unexpected(t: Token, expecting?: string): never {
    const what =
      t.t === 'eof' ? 'end of file' : t.t === 'nl' ? 'newline' : t.t === 'op' ? `"${t.v}"` : `"${t.w.raw}"`;
    const tail = expecting ? ` (expecting "${expecting}")` : '';
    throw new ShSyntaxError(`syntax error: unexpected ${what}${tail}`);
  }

  private lex(): Token {
    const src = this.src;
    for (;;) {
      while (src[this.pos] === ' ' || src[this.pos] === '\t') this.pos++;
      if (src[this.pos] === '\\' && src[this.pos + 1] === '\n') {
        this.pos += 2;
        continue;
      }
      if (src[this.pos] === '#') {
        while (this.pos < src.length && src[this.pos] !== '\n') this.pos++;
      }
      break;
    }
    const line = this.lineAt(this.pos);
    if (this.pos >= src.length) {
      if (this.pending.length) throw new ShSyntaxError(`syntax error: unexpected end of file (expecting "${this.pending[0]!.target.raw}")`);
      return { t: 'eof', line };
    }
    const ch = src[this.pos]!;
    if (ch === '\n') {
      this.pos++;
      this.readHeredocs();
      return { t: 'nl', line };
    }
    for (const op of OPS) {
      if (src.startsWith(op, this.pos)) {
        this.pos += op.length;
        return { t: 'op', v: op, line };
      }
    }
    const r = new WordReader(src, this.pos, subParse);
    const w = r.read('word');
    this.pos = r.pos;
    return { t: 'word', w, line };
  }

  private readHeredocs(): void {
    const src = this.src;
    for (const rd of this.pending) {
      const quoted = rd.target.parts.some((p) => p.k !== 'lit' || p.q);
      const delim = rd.target.parts.map((p) => (p.k === 'lit' ? p.v : '')).join('');
      let body = '';
      let found = false;
      while (this.pos < src.length) {
        let end = src.indexOf('\n', this.pos);
        if (end < 0) end = src.length;
        let lineText = src.slice(this.pos, end);
        this.pos = Math.min(end + 1, src.length);
        if (rd.op === '<<-') lineText = lineText.replace(/^\t+/, '');
        if (lineText === delim) {
          found = true;
          break;
        }
        body += lineText + '\n';
      }
      if (!found && this.pos >= src.length) {
        // ash accepts a heredoc ended by end of file
      }
      rd.heredoc = quoted ? { parts: [{ k: 'lit', v: body, q: true }], raw: body } : new WordReader(body, 0, subParse).read('heredoc');
    }
    this.pending = [];
  }

}
