import type { Word, WordPart } from './ast.ts';
import { ShSyntaxError } from './errors.ts';

/** Parses a `$(...)` body starting at `pos`; returns the list and the position after `)`. */
export type SubParse = (src: string, pos: number) => { body: import('./ast.ts').List; end: number };

/**
 * How deep `${...}`, `$(...)`, `$((...))`, backquotes, double quotes and compound commands
 * may nest in one script. busybox ash has no limit of its own (its C stack is large); ours
 * keeps parsing and expansion off the end of the JavaScript stack with a syntax error.
 */
export const MAX_NESTING = 200;

let nesting = 0;

/** Runs `read` one nesting level deeper; past `MAX_NESTING` levels it is a syntax error. Parsing is synchronous, so one counter serves. */
export function nested<T>(read: () => T): T {
  if (nesting >= MAX_NESTING) throw new ShSyntaxError(`syntax error: nested more than ${MAX_NESTING} levels deep`);
  nesting++;
  try {
    return read();
  } finally {
    nesting--;
  }
}

/** Characters that end an unquoted word. */
export const META = new Set([' ', '\t', '\n', ';', '&', '|', '<', '>', '(', ')']);

/**
 * Reads the parts of a word from `src` at `pos` (the lexer half of the parser).
 * `mode`: `word` (unquoted, stops at metacharacters), `dquote` (inside "...", stops at `"`),
 * `heredoc` (expands `$` and backquotes, `"` is literal, runs to the end), `brace` (a
 * `${x-arg}` argument, stops at the unmatched `}`; `dq` tells whether it is inside "...").
 */
export class WordReader {
  pos: number;
  private parts: WordPart[] = [];
  private lit = '';
  private litQ = false;

  constructor(
    private readonly src: string,
    pos: number,
    private readonly sub: SubParse,
  ) {
    this.pos = pos;
  }

  private flush(): void {
    if (this.lit !== '') this.parts.push({ k: 'lit', v: this.lit, q: this.litQ });
    this.lit = '';
  }

  private add(ch: string, q: boolean): void {
    if (this.lit !== '' && this.litQ !== q) this.flush();
    this.litQ = q;
    this.lit += ch;
  }

  private push(p: WordPart): void {
    this.flush();
    this.parts.push(p);
  }

  /** Reads until the mode's terminator; returns the word (pos is left on the terminator). */
  read(mode: 'word' | 'dquote' | 'heredoc' | 'brace', dq = false): Word {
    const start = this.pos;
    const src = this.src;
    const quoted = mode === 'dquote' || mode === 'heredoc' || dq;
    while (this.pos < src.length) {
      const ch = src[this.pos]!;
      if (mode === 'word' && META.has(ch)) break;
      if (mode === 'dquote' && ch === '"') break;
      if (mode === 'brace' && ch === '}') break;
      if (ch === '\\') {
        const nx = src[this.pos + 1];
        if (nx === undefined) {
          this.add('\\', quoted);
          this.pos++;
          continue;
        }
        if (nx === '\n') {
          this.pos += 2;
          continue;
        }
        if (!quoted || '$`"\\'.includes(nx) || (mode === 'brace' && nx === '}')) {
          if (mode === 'heredoc' && nx === '"') this.add('\\', true);
          this.add(nx, true);
        } else {
          this.add('\\', true);
          this.add(nx, true);
        }
        this.pos += 2;
        continue;
      }
      if (ch === "'" && !quoted) {
        const end = src.indexOf("'", this.pos + 1);
        if (end < 0) throw new ShSyntaxError('syntax error: unterminated quoted string');
        this.flush();
        this.parts.push({ k: 'lit', v: src.slice(this.pos + 1, end), q: true });
        this.pos = end + 1;
        continue;
      }
      if (ch === '"' && mode !== 'heredoc' && !quoted) {
        this.pos++;
        const inner = new WordReader(src, this.pos, this.sub);
        const w = nested(() => inner.read('dquote'));
        if (src[inner.pos] !== '"') throw new ShSyntaxError('syntax error: unterminated quoted string');
        this.flush();
        if (w.parts.length === 0) this.parts.push({ k: 'lit', v: '', q: true });
        else this.parts.push(...w.parts);
        this.pos = inner.pos + 1;
        continue;
      }
      if (ch === '"' && mode === 'brace' && dq) {
        // "${x:-"a b"}" : nested quotes inside a quoted brace argument
        this.pos++;
        continue;
      }
      if (ch === '$') {
        if (this.dollar(quoted)) continue;
      }
      if (ch === '`') {
        this.backquote(quoted);
        continue;
      }
      this.add(ch, quoted);
      this.pos++;
    }
    this.flush();
    return { parts: this.parts, raw: src.slice(start, this.pos) };
  }

  /** `$...` at pos; returns false when the `$` is literal. */
  private dollar(q: boolean): boolean {
    const src = this.src;
    const nx = src[this.pos + 1] ?? '';
    if (nx === '(' && src[this.pos + 2] === '(') {
      let depth = 0;
      let i = this.pos + 3;
      for (; i < src.length; i++) {
        const c = src[i];
        if (c === '(') depth++;
        else if (c === ')') {
          if (depth === 0) break;
          depth--;
        }
      }
      if (src[i] !== ')' || src[i + 1] !== ')') throw new ShSyntaxError('syntax error: unterminated arithmetic expression');
      const text = src.slice(this.pos + 3, i);
      const expr = nested(() => new WordReader(text, 0, this.sub).read('heredoc'));
      this.push({ k: 'arith', expr, q });
      this.pos = i + 2;
      return true;
    }
    if (nx === '(') {
      const { body, end } = nested(() => this.sub(src, this.pos + 2));
      this.push({ k: 'cmd', body, q });
      this.pos = end;
      return true;
    }
    if (nx === '{') return this.brace(q);
    const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9]|[?#@*$!\-])/.exec(src.slice(this.pos + 1, this.pos + 200));
    if (!m) return false;
    this.push({ k: 'param', name: m[1]!, q });
    this.pos += 1 + m[1]!.length;
    return true;
  }

  private brace(q: boolean): boolean {
    const src = this.src;
    let i = this.pos + 2;
    let length = false;
    if (src[i] === '#' && /[A-Za-z_0-9?#@*$!]/.test(src[i + 1] ?? '') && src[i + 1] !== '}') {
      length = true;
      i++;
    }
    const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[?#@*$!\-])/.exec(src.slice(i, i + 200));
    if (!m) {
      if (src.indexOf('}', i) < 0) throw new ShSyntaxError("syntax error: missing '}'");
      throw new ShSyntaxError('syntax error: bad substitution');
    }
    const name = m[1]!;
    i += name.length;
    if (src[i] === '}') {
      this.push(length ? { k: 'param', name, length, q } : { k: 'param', name, q });
      this.pos = i + 1;
      return true;
    }
    if (length) throw new ShSyntaxError('syntax error: bad substitution');
    const om = /^(:[-=+?]|[-=+?]|##?|%%?)/.exec(src.slice(i, i + 2));
    if (!om) {
      if (src.indexOf('}', i) < 0) throw new ShSyntaxError("syntax error: missing '}'");
      throw new ShSyntaxError('syntax error: bad substitution');
    }
    const op = om[1]!;
    const r = new WordReader(src, i + op.length, this.sub);
    const arg = nested(() => r.read('brace', q));
    if (src[r.pos] !== '}') throw new ShSyntaxError("syntax error: missing '}'");
    this.push({ k: 'param', name, op, arg, q });
    this.pos = r.pos + 1;
    return true;
  }

  private backquote(q: boolean): void {
    const src = this.src;
    let text = '';
    let i = this.pos + 1;
    for (; i < src.length && src[i] !== '`'; i++) {
      if (src[i] === '\\' && '`$\\'.includes(src[i + 1] ?? '')) {
        text += src[i + 1];
        i++;
      } else text += src[i];
    }
    if (i >= src.length) throw new ShSyntaxError('syntax error: unterminated quoted string');
    const { body } = nested(() => this.sub(text + ')', 0));
    this.push({ k: 'cmd', body, q });
    this.pos = i + 1;
  }
}
