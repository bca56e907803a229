/**
 * Reads a Go file (already accepted by `checkSyntax`) into the tree `interp` runs. It
 * parses Go's whole statement and expression grammar far enough to step over any
 * construct; what the simulated Go does not run becomes an `unsupported` node naming it,
 * which fails when (and only if) it runs.
 */
import type { Tokens } from '../lexer.ts';
import { lex } from '../lexer.ts';
import type { Tok } from './tokens.ts';
import { TokenStream } from './tokens.ts';
import type { Block, Expr, FileDecls, FuncDef, Param, Stmt, Unsupported, ValueSpec } from './ast.ts';

/** A declared function, parsed when first read. */
class LazyFunc implements FuncDef {
  private def?: FuncDef;
  constructor(
    private readonly parser: Parser,
    /** The token of its name. */
    private readonly at: number,
    readonly line: number,
  ) {}
  private get parsed(): FuncDef {
    if (!this.def) {
      try {
        this.def = this.parser.funcAt(this.at, this.line);
      } catch {
        // a form this reader does not follow (gc accepted it): the function fails when it runs, saying so
        this.def = { params: [], results: [], body: { k: 'block', body: [{ k: 'unsupported', what: 'this function (its syntax)', line: this.line }], line: this.line } };
      }
    }
    return this.def;
  }
  get params(): FuncDef['params'] {
    return this.parsed.params;
  }
  get results(): FuncDef['results'] {
    return this.parsed.results;
  }
  get body(): Block {
    return this.parsed.body;
  }
}

const PREC: Readonly<Record<string, number>> = {
  '||': 1, '&&': 2, '==': 3, '!=': 3, '<': 3, '<=': 3, '>': 3, '>=': 3,
  '+': 4, '-': 4, '|': 4, '^': 4, '*': 5, '/': 5, '%': 5, '<<': 5, '>>': 5, '&': 5, '&^': 5,
};
const ASSIGN_OPS = new Set(['=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '<<=', '>>=', '&^=']);
const TYPE_WORDS = new Set(['map', 'chan', 'struct', 'interface']);
/** Keywords that start a type, never a parameter's name. */
const TYPE_KEYWORDS = new Set([...TYPE_WORDS, 'func']);

class Parser {
  /** Index of the current token in the lexer's tokens (always a kept one). */
  private i = 0;
  /** In an `if`/`for`/`switch` header, where `{` opens the body, not a composite literal. */
  private noLit = false;
  private cache?: { readonly i: number; readonly tok: Tok };

  constructor(private readonly ts: TokenStream) {
    this.i = ts.settle(0);
  }

  private get tok(): Tok {
    if (this.cache?.i !== this.i) this.cache = { i: this.i, tok: this.ts.at(this.i) };
    return this.cache.tok;
  }
  private peek(): Tok {
    return this.ts.at(this.ts.settle(this.i + 1));
  }
  private advance(): void {
    this.i = this.ts.settle(this.i + 1);
  }
  private is(v: string): boolean {
    const t = this.tok;
    if (v === ';') return t.t === ';';
    return (t.t === 'op' || t.t === 'name') && t.v === v;
  }
  private isSemi(): boolean {
    return this.tok.t === ';';
  }
  private next(): Tok {
    const t = this.tok;
    this.advance();
    return t;
  }
  private expect(v: string): void {
    if (this.is(v)) this.advance();
    else if (!(v === ';' && (this.is(')') || this.is('}') || this.tok.t === 'eof'))) throw new Error(`line ${this.tok.line}: expected ${v}, found ${this.tok.v}`);
  }

  /** Skips a bracket group starting at the current `(`, `[` or `{`. */
  private skipGroup(): void {
    this.i = this.ts.settle(this.ts.skipGroup(this.i));
  }

  /** Skips to the end of the statement (a `;` outside brackets, or the enclosing `}`). */
  private skipStmt(what: string, line: number): Unsupported {
    while (!this.isSemi() && !this.is('}') && this.tok.t !== 'eof') {
      if (this.tok.t === 'op' && '([{'.includes(this.tok.v)) this.skipGroup();
      else this.advance();
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
        this.advance();
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
          types.set(name, this.skipStmtTokens().join(' '));
        });
      } else if (kw.v === 'func') {
        // read when first called: a large program has tens of thousands of funcs and runs few
        const at = this.i;
        if (this.is('(')) {
          // a method: the subset has no values with methods of their own, so none can be called
          this.i = this.ts.settle(this.ts.skipFunc(at));
          continue;
        }
        const name = this.next().v;
        this.i = this.ts.settle(this.ts.skipFunc(at));
        const fn = new LazyFunc(this, at, kw.line);
        if (name === 'init') inits.push(fn);
        else funcs.set(name, fn);
      } else throw new Error(`line ${kw.line}: unexpected ${kw.v}`);
      this.expect(';');
    }
    return { path, imports, values, funcs, inits, types };
  }

  /** `( spec; spec )` or one spec. */
  private group(spec: () => void): void {
    if (!this.is('(')) return spec();
    this.advance();
    while (!this.is(')')) {
      if (this.isSemi()) this.advance();
      else {
        spec();
        this.expect(';');
      }
    }
    this.advance();
  }

  /** Skips to the end of a spec; returns the values of the tokens skipped. */
  private skipStmtTokens(): string[] {
    const out: string[] = [];
    let depth = 0;
    while (this.tok.t !== 'eof' && (depth > 0 || (!this.isSemi() && !this.is(')')))) {
      const t = this.next();
      if (t.t === 'op' && '([{'.includes(t.v)) depth++;
      else if (t.t === 'op' && ')]}'.includes(t.v)) depth--;
      out.push(t.v);
    }
    return out;
  }

  private valueSpecs(isConst: boolean): ValueSpec[] {
    const specs: ValueSpec[] = [];
    let prev: ValueSpec | undefined;
    this.group(() => {
      const line = this.tok.line;
      const names = [this.next().v];
      while (this.is(',')) {
        this.advance();
        names.push(this.next().v);
      }
      let type = !this.is('=') && !this.isSemi() && !this.is(')') ? this.type() : '';
      let values: Expr[] = [];
      if (this.is('=')) {
        this.advance();
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
    if (this.is('*')) return (this.advance(), `*${this.type()}`);
    if (this.is('(')) {
      this.advance();
      const inner = this.type();
      this.expect(')');
      return inner;
    }
    if (this.is('[')) {
      this.advance();
      let len = '';
      while (!this.is(']')) len += this.next().v;
      this.advance();
      return `[${len}]${this.type()}`;
    }
    if (this.is('<-')) {
      this.advance();
      this.advance();
      return `<-chan ${this.type()}`;
    }
    if (t.t === 'name' && t.v === 'map') {
      this.advance();
      this.advance();
      const key = this.type();
      this.expect(']');
      return `map[${key}]${this.type()}`;
    }
    if (t.t === 'name' && t.v === 'chan') {
      this.advance();
      if (this.is('<-')) this.advance();
      return `chan ${this.type()}`;
    }
    if (t.t === 'name' && (t.v === 'struct' || t.v === 'interface')) {
      this.advance();
      this.skipGroup();
      return `${t.v}{}`;
    }
    if (t.t === 'name' && t.v === 'func') {
      this.advance();
      this.signature();
      return 'func';
    }
    let name = this.next().v;
    if (this.is('.')) {
      this.advance();
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

  /** The declaration `func name[T](...) results { ... }` whose `name` is at token `at`, parsed now; the parser's place is kept. */
  funcAt(at: number, line: number): FuncDef {
    const [i, noLit] = [this.i, this.noLit];
    this.i = at;
    this.noLit = false;
    try {
      this.next();
      const generic = this.is('[');
      if (generic) this.skipGroup();
      const sig = this.signature();
      if (generic) return { ...sig, body: { k: 'block', body: [{ k: 'unsupported', what: 'generic functions', line }], line } };
      const body: Block = this.is('{') ? this.block() : { k: 'block', body: [{ k: 'unsupported', what: 'functions without a body', line }], line };
      return { ...sig, body };
    } finally {
      this.i = i;
      this.noLit = noLit;
    }
  }

  /** Whether the name at the cursor is a generic type's (`List[T]` then `,` or `)`), not a parameter's (`a []int`, `a [2]int`). */
  private genericType(): boolean {
    const open = this.ts.settle(this.i + 1);
    if (this.ts.at(open).v !== '[' || this.ts.at(this.ts.settle(open + 1)).v === ']') return false;
    const after = this.ts.at(this.ts.settle(this.ts.skipGroup(open)));
    return after.t === 'op' && (after.v === ',' || after.v === ')');
  }

  /** `( [name] [...]Type, ... )` with Go's grouping (`a, b string`). */
  private params(): Param[] {
    this.expect('(');
    const entries: { name?: string; type: string; variadic: boolean; bare?: string }[] = [];
    while (!this.is(')')) {
      const t = this.tok;
      const second = this.peek();
      const named = t.t === 'name' && !TYPE_KEYWORDS.has(t.v) && !(second.t === 'op' && (second.v === '.' || second.v === ',' || second.v === ')')) && !this.genericType();
      if (named) this.advance();
      const variadic = this.is('...');
      if (variadic) this.advance();
      if (!named && !variadic && t.t === 'name' && (second.v === ',' || second.v === ')')) {
        this.advance();
        entries.push({ type: t.v, variadic: false, bare: t.v });
      } else entries.push({ ...(named ? { name: t.v } : {}), type: this.type(), variadic });
      if (this.is(',')) this.advance();
    }
    this.advance();
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
        this.advance();
        continue;
      }
      body.push(this.stmt());
      if (!this.is('}')) this.expect(';');
    }
    this.advance();
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
          this.advance();
          return { k: 'var', specs: this.valueSpecs(t.v === 'const'), line };
        case 'type':
          return this.skipStmt('type declarations inside a function', line);
        case 'if':
          return this.ifStmt();
        case 'for':
          return this.forStmt();
        case 'switch':
          return this.switchStmt();
        case 'select':
          return this.skipStmt('select statements', line);
        case 'go':
          return this.skipStmt('go statements (goroutines)', line);
        case 'goto':
          return this.skipStmt('goto', line);
        case 'fallthrough':
          return this.skipStmt('fallthrough', line);
        case 'return': {
          this.advance();
          const values = this.isSemi() || this.is('}') ? [] : this.exprList();
          return { k: 'return', values, line };
        }
        case 'defer':
          this.advance();
          return { k: 'defer', call: this.expr(), line };
        case 'break':
        case 'continue':
          this.advance();
          if (this.tok.t === 'name') return this.skipStmt(`${t.v} with a label`, line);
          return { k: 'branch', op: t.v, line };
      }
      if (this.peek().v === ':' && this.peek().t === 'op') {
        // a label: harmless by itself (break, continue and goto to a label are not run)
        this.advance();
        this.advance();
        return this.isSemi() || this.is('}') ? { k: 'block', body: [], line } : this.stmt();
      }
    }
    return this.simpleStmt();
  }

  private simpleStmt(): Stmt {
    const line = this.tok.line;
    const lhs = this.exprList();
    const op = this.tok;
    if (op.t === 'op' && op.v === ':=') {
      this.advance();
      if (this.is('range')) return this.skipStmt('range loops', line);
      const names = lhs.map((e) => (e.k === 'ident' ? e.name : ''));
      if (names.includes('')) return this.skipStmt('this assignment', line);
      return { k: 'define', names, values: this.exprList(), line };
    }
    if (op.t === 'op' && ASSIGN_OPS.has(op.v)) {
      this.advance();
      if (this.is('range')) return this.skipStmt('range loops', line);
      return { k: 'assign', op: op.v, targets: lhs, values: this.exprList(), line };
    }
    if (op.t === 'op' && (op.v === '++' || op.v === '--')) {
      this.advance();
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
        this.advance();
        return { init, cond: this.expr() };
      }
      const cond: Expr = init.k === 'expr' ? init.x : { k: 'unsupported', what: 'this if condition', line };
      init = undefined;
      return { init, cond };
    });
    const then = this.block();
    let els: Stmt | undefined;
    if (this.is('else')) {
      this.advance();
      els = this.is('if') ? this.ifStmt() : this.block();
    }
    return { k: 'if', ...(init ? { init } : {}), cond, then, ...(els ? { else: els } : {}), line };
  }

  /** `switch [init;] [tag] { case a, b: ... default: ... }` (a type switch's `.(type)` is a type assertion: not run). */
  private switchStmt(): Stmt {
    const line = this.next().line;
    const { init, tag } = this.header(() => {
      if (this.is('{')) return {};
      let first: Stmt | undefined = this.isSemi() ? undefined : this.simpleStmt();
      let init: Stmt | undefined;
      if (this.isSemi()) {
        this.advance();
        init = first;
        first = this.is('{') ? undefined : this.simpleStmt();
      }
      const tag: Expr | undefined = !first ? undefined : first.k === 'expr' ? first.x : { k: 'unsupported', what: 'type switches', line };
      return { ...(init ? { init } : {}), ...(tag ? { tag } : {}) };
    });
    this.expect('{');
    const clauses: { exprs: Expr[] | null; body: Stmt[]; line: number }[] = [];
    while (!this.is('}') && this.tok.t !== 'eof') {
      if (this.isSemi()) {
        this.advance();
        continue;
      }
      const cl = this.next();
      const exprs = cl.v === 'default' ? null : this.exprList();
      this.expect(':');
      const body: Stmt[] = [];
      while (!this.is('case') && !this.is('default') && !this.is('}') && this.tok.t !== 'eof') {
        if (this.isSemi()) {
          this.advance();
          continue;
        }
        body.push(this.stmt());
        if (!this.is('}')) this.expect(';');
      }
      clauses.push({ exprs, body, line: cl.line });
    }
    this.advance();
    return { k: 'switch', ...(init ? { init } : {}), ...(tag ? { tag } : {}), clauses, line };
  }

  private forStmt(): Stmt {
    const line = this.next().line;
    // a range clause anywhere in the header: not in the subset
    for (let j = this.i, t = this.ts.at(j); t.t !== 'eof' && !(t.t === 'op' && t.v === '{'); j = this.ts.settle(j + 1), t = this.ts.at(j)) {
      if (t.t === 'name' && t.v === 'range') return this.skipStmt('range loops', line);
    }
    const parts = this.header(() => {
      if (this.is('{')) return {};
      const first = this.isSemi() ? undefined : this.simpleStmt();
      if (!this.isSemi()) return { cond: first && first.k === 'expr' ? first.x : undefined };
      this.advance();
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
      this.advance();
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
      this.advance();
      const y = this.expr(p + 1);
      x = { k: 'binary', op: t.v, x, y, line: t.line };
    }
  }

  private unary(): Expr {
    const t = this.tok;
    if (t.t === 'op' && ['+', '-', '!', '^', '*', '&', '<-'].includes(t.v)) {
      this.advance();
      const x = this.unary();
      if (t.v === '<-') return { k: 'unsupported', what: 'channel receives', line: t.line };
      return { k: 'unary', op: t.v, x, line: t.line };
    }
    return this.postfix(this.operand());
  }

  private operand(): Expr {
    const t = this.tok;
    const line = t.line;
    if (t.t === 'str') return (this.advance(), { k: 'string', value: t.v, line });
    if (t.t === 'rune') return (this.advance(), { k: 'int', value: t.v.codePointAt(0) ?? 0, line });
    if (t.t === 'num') {
      this.advance();
      const text = t.v.replace(/_/g, '');
      if (/^0[xX][0-9a-fA-F]+$|^0[bB][01]+$|^0[oO][0-7]+$|^[1-9][0-9]*$|^0$/.test(text)) return { k: 'int', value: Number(text.replace(/^0[oO]/, '0o')), line };
      if (/^0[0-7]+$/.test(text)) return { k: 'int', value: parseInt(text, 8), line };
      return { k: 'unsupported', what: `floating-point and complex numbers (${t.v})`, line };
    }
    if (this.is('(')) {
      this.advance();
      const saved = this.noLit;
      this.noLit = false;
      const x = this.expr();
      this.noLit = saved;
      this.expect(')');
      return x;
    }
    if (this.is('[') || (t.t === 'name' && TYPE_WORDS.has(t.v))) return { k: 'type', text: this.type(), line };
    if (t.t === 'name' && t.v === 'func') {
      this.advance();
      const sig = this.signature();
      if (!this.is('{')) return { k: 'type', text: 'func', line };
      return { k: 'funclit', fn: { ...sig, body: this.block() }, line };
    }
    if (t.t === 'name') return (this.advance(), { k: 'ident', name: t.v, line });
    this.advance();
    return { k: 'unsupported', what: `'${t.v}'`, line };
  }

  private postfix(x: Expr): Expr {
    for (;;) {
      const t = this.tok;
      if (this.is('.')) {
        this.advance();
        if (this.is('(')) {
          this.skipGroup();
          x = { k: 'unsupported', what: 'type assertions', line: t.line };
          continue;
        }
        x = { k: 'selector', x, name: this.next().v, line: t.line };
      } else if (this.is('(')) {
        this.advance();
        const saved = this.noLit;
        this.noLit = false;
        const args: Expr[] = [];
        let spread = false;
        while (!this.is(')')) {
          args.push(this.expr());
          if (this.is('...')) {
            this.advance();
            spread = true;
          }
          if (this.is(',')) this.advance();
        }
        this.advance();
        this.noLit = saved;
        x = { k: 'call', fn: x, args, spread, line: t.line };
      } else if (this.is('[')) {
        this.skipGroup();
        x = { k: 'unsupported', what: 'indexing and slicing', line: t.line };
      } else if (this.is('{') && (x.k === 'type' || (!this.noLit && (x.k === 'ident' || x.k === 'selector' || x.k === 'unsupported')))) {
        this.skipGroup();
        x = { k: 'unsupported', what: 'composite literals', line: t.line };
      } else return x;
    }
  }
}

/**
 * The declarations of one file (`path` as messages name it) of source `src` (or its tokens,
 * when the build has them). Function bodies are parsed when first run.
 */
export function parseFile(path: string, src: string | Tokens): FileDecls {
  let tokens = src;
  if (typeof tokens === 'string') {
    const lexed = lex(tokens);
    if (!('tokens' in lexed)) throw new Error(`${path}:${lexed.error.line}:${lexed.error.col}: ${lexed.error.message}`);
    tokens = lexed.tokens;
  }
  return new Parser(new TokenStream(tokens)).file(path);
}
