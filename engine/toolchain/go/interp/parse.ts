/**
 * Reads a Go file (already accepted by `checkSyntax`) into the tree `interp` runs. It
 * parses Go's whole statement and expression grammar far enough to step over any
 * construct; what the simulated Go does not run becomes an `unsupported` node naming it,
 * which fails when (and only if) it runs.
 */
import { lex } from '../lexer.ts';
import type { Block, Expr, FileDecls, FuncDef, Param, Stmt, Unsupported, ValueSpec } from './ast.ts';

interface Tok {
  /** `name` (identifiers and keywords), `str`, `num`, `rune`, `op`, `;`, `eof`. */
  readonly t: string;
  readonly v: string;
  readonly line: number;
}

/** Go's semicolon rule: a newline after one of these ends the statement. */
function endsLine(t: Tok | undefined): boolean {
  if (!t) return false;
  if (t.t === 'op') return t.v === ')' || t.v === ']' || t.v === '}' || t.v === '++' || t.v === '--';
  return t.t !== ';';
}

function toks(src: string): Tok[] {
  const lexed = lex(src);
  if (!('tokens' in lexed)) throw new Error(`${lexed.error.line}:${lexed.error.col}: ${lexed.error.message}`);
  const out: Tok[] = [];
  for (const t of lexed.tokens.all()) {
    if (t.kind === 'newline') {
      if (endsLine(out[out.length - 1])) out.push({ t: ';', v: '\n', line: t.line });
      continue;
    }
    const t2 = t.kind === 'ident' ? 'name' : t.kind === 'string' ? 'str' : t.kind === 'number' ? 'num' : t.kind === 'rune' ? 'rune' : t.value === ';' ? ';' : 'op';
    out.push({ t: t2, v: t.value, line: t.line });
  }
  out.push({ t: ';', v: '\n', line: out[out.length - 1]?.line ?? 1 }, { t: 'eof', v: '', line: out[out.length - 1]?.line ?? 1 });
  return out;
}

const PREC: Readonly<Record<string, number>> = {
  '||': 1, '&&': 2, '==': 3, '!=': 3, '<': 3, '<=': 3, '>': 3, '>=': 3,
  '+': 4, '-': 4, '|': 4, '^': 4, '*': 5, '/': 5, '%': 5, '<<': 5, '>>': 5, '&': 5, '&^': 5,
};
const ASSIGN_OPS = new Set(['=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '<<=', '>>=', '&^=']);
const TYPE_WORDS = new Set(['map', 'chan', 'struct', 'interface']);

class Parser {
  private i = 0;
  /** In an `if`/`for`/`switch` header, where `{` opens the body, not a composite literal. */
  private noLit = false;

  constructor(private readonly ts: Tok[]) {}

  private get tok(): Tok {
    return this.ts[this.i]!;
  }
  private peek(n = 1): Tok {
    return this.ts[Math.min(this.i + n, this.ts.length - 1)]!;
  }
  private is(v: string): boolean {
    const t = this.tok;
    if (v === ';') return t.t === ';';
    return (t.t === 'op' || t.t === 'name' || t.t === ';') && t.v === v;
  }
  private isSemi(): boolean {
    return this.tok.t === ';';
  }
  private next(): Tok {
    return this.ts[this.i++]!;
  }
  private expect(v: string): void {
    if (this.is(v)) this.i++;
    else if (!(v === ';' && (this.is(')') || this.is('}')))) throw new Error(`line ${this.tok.line}: expected ${v}, found ${this.tok.v}`);
  }

  /** Skips a bracket group starting at the current `(`, `[` or `{`. */
  private skipGroup(): void {
    let depth = 0;
    do {
      const t = this.next();
      if (t.t === 'op' && '([{'.includes(t.v)) depth++;
      else if (t.t === 'op' && ')]}'.includes(t.v)) depth--;
    } while (depth > 0 && this.tok.t !== 'eof');
  }

  /** Skips to the end of the statement (a `;` outside brackets, or the enclosing `}`). */
  private skipStmt(what: string, line: number): Unsupported {
    while (!this.isSemi() && !this.is('}') && this.tok.t !== 'eof') {
      if (this.tok.t === 'op' && '([{'.includes(this.tok.v)) this.skipGroup();
      else this.i++;
    }
    return { k: 'unsupported', what, line };
  }

  file(path: string): FileDecls {
    const imports: { path: string; alias?: string }[] = [];
    const values: { kind: 'var' | 'const'; spec: ValueSpec }[] = [];
    const funcs = new Map<string, FuncDef & { line: number }>();
    const inits: (FuncDef & { line: number })[] = [];
    const types = new Map<string, string>();
    this.expect('package');
    this.next();
    this.expect(';');
    while (this.tok.t !== 'eof') {
      if (this.isSemi()) {
        this.i++;
        continue;
      }
      const kw = this.next();
      if (kw.v === 'import') {
        this.group(() => {
          const alias = this.tok.t === 'str' ? undefined : this.next().v;
          imports.push({ path: this.next().v, ...(alias !== undefined ? { alias } : {}) });
        });
      } else if (kw.v === 'var' || kw.v === 'const') {
        for (const spec of this.valueSpecs(kw.v === 'const')) values.push({ kind: kw.v, spec });
      } else if (kw.v === 'type') {
        this.group(() => {
          const name = this.next().v;
          const from = this.i;
          this.skipStmtTokens();
          types.set(name, this.ts.slice(from, this.i).map((t) => t.v).join(' '));
        });
      } else if (kw.v === 'func') {
        const line = kw.line;
        if (this.is('(')) {
          // a method: the subset has no values with methods of their own, so none can be called
          this.skipGroup();
          this.next();
          this.signatureAndBody();
          continue;
        }
        const name = this.next().v;
        const generic = this.is('[');
        if (generic) this.skipGroup();
        const def = this.signatureAndBody();
        const fn = generic ? { ...def, body: { k: 'block' as const, body: [{ k: 'unsupported' as const, what: 'generic functions', line }], line } } : def;
        if (name === 'init') inits.push({ ...fn, line });
        else funcs.set(name, { ...fn, line });
      } else throw new Error(`line ${kw.line}: unexpected ${kw.v}`);
      this.expect(';');
    }
    return { path, imports, values, funcs, inits, types };
  }

  /** `( spec; spec )` or one spec. */
  private group(spec: () => void): void {
    if (!this.is('(')) return spec();
    this.i++;
    while (!this.is(')')) {
      if (this.isSemi()) this.i++;
      else {
        spec();
        this.expect(';');
      }
    }
    this.i++;
  }

  private skipStmtTokens(): void {
    while (!this.isSemi() && !this.is(')') && this.tok.t !== 'eof') {
      if (this.tok.t === 'op' && '([{'.includes(this.tok.v)) this.skipGroup();
      else this.i++;
    }
  }

  private valueSpecs(isConst: boolean): ValueSpec[] {
    const specs: ValueSpec[] = [];
    let prev: ValueSpec | undefined;
    this.group(() => {
      const line = this.tok.line;
      const names = [this.next().v];
      while (this.is(',')) {
        this.i++;
        names.push(this.next().v);
      }
      let type = !this.is('=') && !this.isSemi() && !this.is(')') ? this.type() : '';
      let values: Expr[] = [];
      if (this.is('=')) {
        this.i++;
        values = this.exprList();
      } else if (isConst && prev) {
        // a const spec without values repeats the previous one's type and values
        values = [...prev.values];
        type = prev.type;
      }
      const spec = { names, type, values, line };
      specs.push(spec);
      prev = spec;
    });
    return specs;
  }

  /** A type, as text (`*http.Request`, `[]byte`); groups it does not need are skipped whole. */
  private type(): string {
    const t = this.tok;
    if (this.is('*')) return (this.i++, `*${this.type()}`);
    if (this.is('(')) {
      this.i++;
      const inner = this.type();
      this.expect(')');
      return inner;
    }
    if (this.is('[')) {
      this.i++;
      let len = '';
      while (!this.is(']')) len += this.next().v;
      this.i++;
      return `[${len}]${this.type()}`;
    }
    if (this.is('<-')) {
      this.i++;
      this.i++;
      return `<-chan ${this.type()}`;
    }
    if (t.t === 'name' && t.v === 'map') {
      this.i++;
      this.i++;
      const key = this.type();
      this.expect(']');
      return `map[${key}]${this.type()}`;
    }
    if (t.t === 'name' && t.v === 'chan') {
      this.i++;
      if (this.is('<-')) this.i++;
      return `chan ${this.type()}`;
    }
    if (t.t === 'name' && (t.v === 'struct' || t.v === 'interface')) {
      this.i++;
      this.skipGroup();
      return `${t.v}{}`;
    }
    if (t.t === 'name' && t.v === 'func') {
      this.i++;
      this.signature();
      return 'func';
    }
    let name = this.next().v;
    if (this.is('.')) {
      this.i++;
      name += `.${this.next().v}`;
    }
    if (this.is('[')) this.skipGroup(); // a generic type's arguments
    return name;
  }

  private signature(): { params: Param[]; results: Param[] } {
    const params = this.params();
    let results: Param[] = [];
    if (this.is('(')) results = this.params();
    else if (!this.is('{') && !this.isSemi() && !this.is(',') && !this.is(')') && !this.is(']') && !this.is('}') && !this.is('=')) {
      results = [{ name: '', type: this.type(), variadic: false }];
    }
    return { params, results };
  }

  private signatureAndBody(): FuncDef {
    const sig = this.signature();
    const body = this.is('{') ? this.block() : { k: 'block' as const, body: [{ k: 'unsupported' as const, what: 'functions without a body', line: this.tok.line }], line: this.tok.line };
    return { ...sig, body };
  }

  /** `( [name] [...]Type, ... )` with Go's grouping (`a, b string`). */
  private params(): Param[] {
    this.expect('(');
    const entries: { name?: string; type: string; variadic: boolean; bare?: string }[] = [];
    while (!this.is(')')) {
      const t = this.tok;
      const second = this.peek();
      const named = t.t === 'name' && !(second.t === 'op' && (second.v === '.' || second.v === ',' || second.v === ')'));
      if (named) this.i++;
      const variadic = this.is('...');
      if (variadic) this.i++;
      if (!named && !variadic && t.t === 'name' && (second.v === ',' || second.v === ')')) {
        this.i++;
        entries.push({ type: t.v, variadic: false, bare: t.v });
      } else entries.push({ ...(named ? { name: t.v } : {}), type: this.type(), variadic });
      if (this.is(',')) this.i++;
    }
    this.i++;
    if (!entries.some((e) => e.name !== undefined)) return entries.map((e) => ({ name: '', type: e.type, variadic: e.variadic }));
    // names before a typed entry share its type: `a, b string`
    const out: Param[] = [];
    let pending: string[] = [];
    for (const e of entries) {
      if (e.bare !== undefined) {
        pending.push(e.bare);
        continue;
      }
      for (const n of pending) out.push({ name: n, type: e.type, variadic: false });
      pending = [];
      out.push({ name: e.name ?? '', type: e.type, variadic: e.variadic });
    }
    return out;
  }

  block(): Block {
    const line = this.tok.line;
    this.expect('{');
    const saved = this.noLit;
    this.noLit = false;
    const body: Stmt[] = [];
    while (!this.is('}') && this.tok.t !== 'eof') {
      if (this.isSemi()) {
        this.i++;
        continue;
      }
      body.push(this.stmt());
      if (!this.is('}')) this.expect(';');
    }
    this.i++;
    this.noLit = saved;
    return { k: 'block', body, line };
  }

  private stmt(): Stmt {
    const t = this.tok;
    const line = t.line;
    if (this.is('{')) return this.block();
    if (t.t === 'name') {
      switch (t.v) {
        case 'var':
        case 'const':
          this.i++;
          return { k: 'var', specs: this.valueSpecs(t.v === 'const'), line };
        case 'type':
          return this.skipStmt('type declarations inside a function', line);
        case 'if':
          return this.ifStmt();
        case 'for':
          return this.forStmt();
        case 'switch':
          return this.skipStmt('switch statements', line);
        case 'select':
          return this.skipStmt('select statements', line);
        case 'go':
          return this.skipStmt('go statements (goroutines)', line);
        case 'goto':
          return this.skipStmt('goto', line);
        case 'fallthrough':
          return this.skipStmt('fallthrough', line);
        case 'return': {
          this.i++;
          const values = this.isSemi() || this.is('}') ? [] : this.exprList();
          return { k: 'return', values, line };
        }
        case 'defer':
          this.i++;
          return { k: 'defer', call: this.expr(), line };
        case 'break':
        case 'continue':
          this.i++;
          if (this.tok.t === 'name') return this.skipStmt(`${t.v} with a label`, line);
          return { k: 'branch', op: t.v, line };
      }
      if (this.peek().v === ':' && this.peek().t === 'op') return this.skipStmt('labeled statements', line);
    }
    return this.simpleStmt();
  }

  private simpleStmt(): Stmt {
    const line = this.tok.line;
    const lhs = this.exprList();
    const op = this.tok;
    if (op.t === 'op' && op.v === ':=') {
      this.i++;
      if (this.is('range')) return this.skipStmt('range loops', line);
      const names = lhs.map((e) => (e.k === 'ident' ? e.name : ''));
      if (names.includes('')) return this.skipStmt('this assignment', line);
      return { k: 'define', names, values: this.exprList(), line };
    }
    if (op.t === 'op' && ASSIGN_OPS.has(op.v)) {
      this.i++;
      if (this.is('range')) return this.skipStmt('range loops', line);
      return { k: 'assign', op: op.v, targets: lhs, values: this.exprList(), line };
    }
    if (op.t === 'op' && (op.v === '++' || op.v === '--')) {
      this.i++;
      return { k: 'incdec', op: op.v, x: lhs[0]!, line };
    }
    if (op.t === 'op' && op.v === '<-') return this.skipStmt('channel sends', line);
    return { k: 'expr', x: lhs[0]!, line };
  }

  private header<T>(fn: () => T): T {
    const saved = this.noLit;
    this.noLit = true;
    try {
      return fn();
    } finally {
      this.noLit = saved;
    }
  }

  private ifStmt(): Stmt {
    const line = this.next().line;
    const { init, cond } = this.header(() => {
      let init: Stmt | undefined = this.simpleStmt();
      if (this.isSemi()) {
        this.i++;
        return { init, cond: this.expr() };
      }
      const cond: Expr = init.k === 'expr' ? init.x : { k: 'unsupported', what: 'this if condition', line };
      init = undefined;
      return { init, cond };
    });
    const then = this.block();
    let els: Stmt | undefined;
    if (this.is('else')) {
      this.i++;
      els = this.is('if') ? this.ifStmt() : this.block();
    }
    return { k: 'if', ...(init ? { init } : {}), cond, then, ...(els ? { else: els } : {}), line };
  }

  private forStmt(): Stmt {
    const line = this.next().line;
    // a range clause anywhere in the header: not in the subset
    for (let j = this.i; j < this.ts.length && !(this.ts[j]!.t === 'op' && this.ts[j]!.v === '{'); j++) {
      if (this.ts[j]!.t === 'name' && this.ts[j]!.v === 'range') return this.skipStmt('range loops', line);
    }
    const parts = this.header(() => {
      if (this.is('{')) return {};
      const first = this.isSemi() ? undefined : this.simpleStmt();
      if (!this.isSemi()) return { cond: first && first.k === 'expr' ? first.x : undefined };
      this.i++;
      const cond = this.isSemi() ? undefined : this.expr();
      this.expect(';');
      const post = this.is('{') ? undefined : this.simpleStmt();
      return { ...(first ? { init: first } : {}), ...(cond ? { cond } : {}), ...(post ? { post } : {}) };
    });
    return { k: 'for', ...parts, body: this.block(), line };
  }

  private exprList(): Expr[] {
    const out = [this.expr()];
    while (this.is(',')) {
      this.i++;
      out.push(this.expr());
    }
    return out;
  }

  expr(prec = 1): Expr {
    let x = this.unary();
    for (;;) {
      const t = this.tok;
      const p = t.t === 'op' ? PREC[t.v] : undefined;
      if (p === undefined || p < prec) return x;
      this.i++;
      const y = this.expr(p + 1);
      x = { k: 'binary', op: t.v, x, y, line: t.line };
    }
  }

  private unary(): Expr {
    const t = this.tok;
    if (t.t === 'op' && ['+', '-', '!', '^', '*', '&', '<-'].includes(t.v)) {
      this.i++;
      const x = this.unary();
      if (t.v === '<-') return { k: 'unsupported', what: 'channel receives', line: t.line };
      return { k: 'unary', op: t.v, x, line: t.line };
    }
    return this.postfix(this.operand());
  }

  private operand(): Expr {
    const t = this.tok;
    const line = t.line;
    if (t.t === 'str') return (this.i++, { k: 'string', value: t.v, line });
    if (t.t === 'rune') return (this.i++, { k: 'int', value: t.v.codePointAt(0) ?? 0, line });
    if (t.t === 'num') {
      this.i++;
      const text = t.v.replace(/_/g, '');
      if (/^0[xX][0-9a-fA-F]+$|^0[bB][01]+$|^0[oO][0-7]+$|^[1-9][0-9]*$|^0$/.test(text)) return { k: 'int', value: Number(text.replace(/^0[oO]/, '0o')), line };
      if (/^0[0-7]+$/.test(text)) return { k: 'int', value: parseInt(text, 8), line };
      return { k: 'unsupported', what: `floating-point and complex numbers (${t.v})`, line };
    }
    if (this.is('(')) {
      this.i++;
      const saved = this.noLit;
      this.noLit = false;
      const x = this.expr();
      this.noLit = saved;
      this.expect(')');
      return x;
    }
    if (this.is('[') || (t.t === 'name' && TYPE_WORDS.has(t.v))) return { k: 'type', text: this.type(), line };
    if (t.t === 'name' && t.v === 'func') {
      this.i++;
      const sig = this.signature();
      if (!this.is('{')) return { k: 'type', text: 'func', line };
      return { k: 'funclit', fn: { ...sig, body: this.block() }, line };
    }
    if (t.t === 'name') return (this.i++, { k: 'ident', name: t.v, line });
    this.i++;
    return { k: 'unsupported', what: `'${t.v}'`, line };
  }

  private postfix(x: Expr): Expr {
    for (;;) {
      const t = this.tok;
      if (this.is('.')) {
        this.i++;
        if (this.is('(')) {
          this.skipGroup();
          x = { k: 'unsupported', what: 'type assertions', line: t.line };
          continue;
        }
        x = { k: 'selector', x, name: this.next().v, line: t.line };
      } else if (this.is('(')) {
        this.i++;
        const saved = this.noLit;
        this.noLit = false;
        const args: Expr[] = [];
        let spread = false;
        while (!this.is(')')) {
          args.push(this.expr());
          if (this.is('...')) {
            this.i++;
            spread = true;
          }
          if (this.is(',')) this.i++;
        }
        this.i++;
        this.noLit = saved;
        x = { k: 'call', fn: x, args, spread, line: t.line };
      } else if (this.is('[')) {
        this.skipGroup();
        x = { k: 'unsupported', what: 'indexing and slicing', line: t.line };
      } else if (this.is('{') && !this.noLit && (x.k === 'ident' || x.k === 'selector' || x.k === 'type')) {
        this.skipGroup();
        x = { k: 'unsupported', what: 'composite literals', line: t.line };
      } else return x;
    }
  }
}

/** The declarations of one file (`path` relative to the module root) of source `src`. */
export function parseFile(path: string, src: string): FileDecls {
  return new Parser(toks(src)).file(path);
}
