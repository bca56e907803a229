/**
 * The Go mini-analyzer: reads one `.go` file into what the mocked toolchain needs
 * (package clause, imports, top-level funcs, string vars and consts) and reports the
 * syntax errors a learner is likely to make, in the compiler's wording.
 */
import type { GoSyntaxError, Token, Tokens } from './lexer.ts';
import { lex, utf8Length } from './lexer.ts';
import { checkSyntax } from './syntax.ts';
import { FNV_START, fnvOn } from '../../util/prng.ts';

/** One import spec. `name` is the alias (`_`, `.`, or an identifier) when given. */
export interface GoImport {
  readonly path: string;
  readonly name?: string;
  readonly line: number;
  /** Column of the path literal (where `go list` errors point). */
  readonly col: number;
  /** Column where the spec starts (the alias, if any; where gc errors point). */
  readonly specCol: number;
}

/** A top-level func without receiver. `body` holds the tokens between its braces. */
export interface GoFunc {
  readonly name: string;
  readonly line: number;
  readonly params: readonly Token[];
  readonly body: readonly Token[];
}

/** A file's top-level funcs (no methods) by name, in source order. */
export interface GoFuncs {
  readonly size: number;
  has(name: string): boolean;
  get(name: string): GoFunc | undefined;
  keys(): IterableIterator<string>;
  values(): IterableIterator<GoFunc>;
}

/** A package-level var or const; `value` is known when it is a string constant expression. */
export interface GoValue {
  readonly kind: 'var' | 'const';
  readonly value?: string;
}

/** What the analyzer knows about a file. */
export interface GoFile {
  /** Path relative to the module root (`cmd/server/main.go`), as errors print it. */
  readonly path: string;
  readonly pkg: string;
  readonly imports: readonly GoImport[];
  readonly funcs: GoFuncs;
  readonly values: ReadonlyMap<string, GoValue>;
  /** Top-level type names. */
  readonly types: ReadonlySet<string>;
  /** Every token, for usage checks. */
  readonly tokens: Tokens;
  /** Source size in bytes (drives the modeled build time). */
  readonly size: number;
  /** The first error gc's type checker finds in the syntax alone: `missing return`, a go/defer of a non-call. */
  readonly typeError?: GoSyntaxError;
}

/** A file, or the first error found in it (path relative as above). */
export type ParsedFile = { readonly file: GoFile } | { readonly error: GoSyntaxError; readonly path: string };

/** Index just past the bracket group opening at `i`. */
function skipGroup(tokens: Tokens, i: number): number {
  let depth = 0;
  for (let k = i; k < tokens.length; k++) {
    const b = tokens.bracket(k);
    if (b === 1) depth++;
    else if (b === -1 && --depth === 0) return k + 1;
  }
  return tokens.length;
}

/** Whether Go inserts a semicolon at a newline after token `k` (a name, keyword, literal, `)`, `]`, `}`, `++` or `--`). */
function endsStatement(tokens: Tokens, k: number): boolean {
  const kind = tokens.kind(k);
  if (kind !== 'punct') return kind !== 'newline';
  return tokens.is(k, ')') || tokens.is(k, ']') || tokens.is(k, '}') || tokens.is(k, '++') || tokens.is(k, '--');
}

/** Tokens of one spec line up to a newline or `;` at depth 0; returns [tokens, next index]. */
function specLine(tokens: Tokens, i: number): [Token[], number] {
  const out: Token[] = [];
  while (i < tokens.length) {
    if (tokens.kind(i) === 'newline' && !endsStatement(tokens, i - 1)) {
      i++; // a line ending in an operator or comma goes on (`"a" +` newline `"b"`)
      continue;
    }
    if (tokens.kind(i) === 'newline' || (tokens.kind(i) === 'punct' && (tokens.is(i, ';') || tokens.is(i, ')')))) break;
    if (tokens.bracket(i) === 1) {
      const end = skipGroup(tokens, i);
      for (const t of tokens.slice(i, end)) out.push(t); // not push(...): a large table would overflow the stack
      i = end;
      continue;
    }
    out.push(tokens.at(i)!);
    i++;
  }
  return [out, i];
}

/** `"a" + "b"`, or a reference to a known string const: the value, else undefined. */
export function stringExpr(expr: readonly Token[], known: ReadonlyMap<string, GoValue>): string | undefined {
  let out = '';
  for (let k = 0; k < expr.length; k++) {
    const t = expr[k]!;
    if (k % 2 === 1) {
      if (t.kind !== 'punct' || t.value !== '+') return undefined;
      continue;
    }
    if (t.kind === 'string') out += t.value;
    else if (t.kind === 'ident' && known.get(t.value)?.kind === 'const' && known.get(t.value)?.value !== undefined) out += known.get(t.value)!.value!;
    else return undefined;
  }
  return expr.length % 2 === 1 ? out : undefined;
}

/** Reads spec lines of a `var`/`const`/`import` declaration starting after the keyword. */
function eachSpec(tokens: Tokens, i: number, fn: (spec: Token[]) => void): number {
  if (tokens.is(i, '(')) {
    i++;
    while (i < tokens.length && !tokens.is(i, ')')) {
      if (tokens.kind(i) === 'newline' || tokens.is(i, ';')) {
        i++;
        continue;
      }
      const [spec, next] = specLine(tokens, i);
      if (spec.length) fn(spec);
      i = next;
    }
    return i + 1;
  }
  const [spec, next] = specLine(tokens, i);
  if (spec.length) fn(spec);
  return next;
}

function valueSpec(spec: readonly Token[], kind: 'var' | 'const', values: Map<string, GoValue>): void {
  const eq = spec.findIndex((t) => t.value === '=');
  const names = (eq < 0 ? spec : spec.slice(0, eq)).filter((t, k) => t.kind === 'ident' && (k === 0 || spec[k - 1]!.value === ','));
  const typ = eq < 0 ? spec.slice(1) : spec.slice(1, eq);
  const isString = typ.length === 0 || (typ.length === 1 && typ[0]!.value === 'string');
  const value = eq >= 0 && names.length === 1 && isString ? stringExpr(spec.slice(eq + 1), values) : undefined;
  for (const n of names) values.set(n.value, value === undefined ? { kind } : { kind, value });
}

/** A func whose parameter and body tokens are sliced from the file's tokens when first read (most never are). */
class FuncTokens implements GoFunc {
  private paramTokens?: readonly Token[];
  private bodyTokens?: readonly Token[];

  constructor(
    readonly name: string,
    readonly line: number,
    private readonly tokens: Tokens,
    /** Token ranges `[paramsFrom, paramsTo)` and `[bodyFrom, bodyTo)`. */
    private readonly paramsFrom: number,
    private readonly paramsTo: number,
    private readonly bodyFrom: number,
    private readonly bodyTo: number,
  ) {}

  get params(): readonly Token[] {
    return (this.paramTokens ??= this.tokens.slice(this.paramsFrom, this.paramsTo));
  }

  get body(): readonly Token[] {
    return (this.bodyTokens ??= this.tokens.slice(this.bodyFrom, this.bodyTo));
  }
}

/** Numbers per func in `FuncIndex`'s `decls`: name token, params from/to, body from/to. */
const DECL = 5;

/**
 * A file's funcs as token indexes (`DECL` numbers a func), looked up by name through a hash
 * table of those numbers made on the first lookup: a large program has tens of thousands of
 * funcs and `go build` reads `main` alone, so no name string or func object is made for the
 * others. As in a `Map`, a name declared twice finds its last declaration.
 */
class FuncIndex implements GoFuncs {
  /** Open addressing: decl number + 1 in each used slot, 0 in a free one; a power of two, at most half full. */
  private table?: Int32Array;

  private distinct?: number;

  constructor(private readonly tokens: Tokens, private readonly decls: Int32Array) {}

  /** Distinct names, as a `Map`'s size. */
  get size(): number {
    if (this.distinct === undefined) {
      let n = 0;
      for (let d = 0; d < this.count; d++) if (this.isLast(d)) n++;
      this.distinct = n;
    }
    return this.distinct;
  }

  /** Declarations, a name declared twice counted twice. */
  private get count(): number {
    return this.decls.length / DECL;
  }

  has(name: string): boolean {
    return this.find(name) >= 0;
  }

  get(name: string): GoFunc | undefined {
    const d = this.find(name);
    return d < 0 ? undefined : this.func(d);
  }

  *keys(): IterableIterator<string> {
    for (let d = 0; d < this.count; d++) if (this.isLast(d)) yield this.tokens.value(this.decls[d * DECL]!)!;
  }

  *values(): IterableIterator<GoFunc> {
    for (let d = 0; d < this.count; d++) if (this.isLast(d)) yield this.func(d);
  }

  private func(d: number): GoFunc {
    const at = d * DECL;
    const k = this.decls[at]!;
    return new FuncTokens(this.tokens.value(k)!, this.tokens.line(k), this.tokens, this.decls[at + 1]!, this.decls[at + 2]!, this.decls[at + 3]!, this.decls[at + 4]!);
  }

  /** Whether decl `d` is the one its name finds (not one declared again later). */
  private isLast(d: number): boolean {
    return this.slotOf(this.tokens.hash(this.decls[d * DECL]!), (o) => this.tokens.same(this.decls[o * DECL]!, this.decls[d * DECL]!)) === d;
  }

  private find(name: string): number {
    return this.slotOf(fnvOn(FNV_START, name), (d) => this.tokens.is(this.decls[d * DECL]!, name));
  }

  /** The decl in the probe sequence of `hash` that `matches`, or -1. */
  private slotOf(hash: number, matches: (d: number) => boolean): number {
    const table = (this.table ??= this.build());
    const mask = table.length - 1;
    for (let s = hash & mask; table[s] !== 0; s = (s + 1) & mask) {
      const d = table[s]! - 1;
      if (matches(d)) return d;
    }
    return -1;
  }

  private build(): Int32Array {
    let size = 2;
    while (size < this.count * 2) size *= 2;
    const table = new Int32Array(size);
    const mask = size - 1;
    for (let d = 0; d < this.count; d++) {
      const k = this.decls[d * DECL]!;
      let s = this.tokens.hash(k) & mask;
      while (table[s] !== 0 && !this.tokens.same(this.decls[(table[s]! - 1) * DECL]!, k)) s = (s + 1) & mask;
      table[s] = d + 1; // a later declaration of the same name takes the slot, as Map.set would
    }
    return table;
  }
}

/** What `parseGoFile` knows about a file. */
class ParsedGoFile implements GoFile {
  constructor(
    readonly path: string,
    readonly pkg: string,
    readonly imports: readonly GoImport[],
    readonly funcs: GoFuncs,
    readonly values: ReadonlyMap<string, GoValue>,
    readonly types: ReadonlySet<string>,
    readonly tokens: Tokens,
    readonly size: number,
    readonly typeError?: GoSyntaxError,
  ) {}
}

/** A growing list of int32s (a func's `DECL` numbers), kept out of the JS heap. */
class Int32List {
  private items = new Int32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.items.length) {
      const more = new Int32Array(this.items.length * 2);
      more.set(this.items);
      this.items = more;
    }
    this.items[this.length++] = value;
  }

  /** The items, in an array of their exact size. */
  done(): Int32Array {
    return this.items.slice(0, this.length);
  }
}

/** Analyzes one file; `path` is relative to the module root. */
export function parseGoFile(path: string, text: string): ParsedFile {
  const lexed = lex(text);
  if ('error' in lexed) {
    // gc prints errors in source order: a syntax error ahead of the scanner's comes first
    const e = lexed.error;
    const ahead = checkSyntax(lexed.before).error;
    if (ahead?.message === 'syntax error: package statement must be first') return { error: e, path }; // go list's error comes first
    const earlier = ahead && (ahead.line < e.line || (ahead.line === e.line && ahead.col < e.col));
    return { error: earlier ? ahead : e, path };
  }
  const tokens = lexed.tokens;
  // the first two tokens that are not newlines: `package <name>`
  const notNewline = (from: number): number => {
    for (let k = from; k < tokens.length; k++) if (tokens.kind(k) !== 'newline') return k;
    return -1;
  };
  const at = notNewline(0);
  const nameAt = at < 0 ? -1 : notNewline(at + 1);
  const first = at < 0 ? undefined : tokens.at(at);
  const pkgName = nameAt < 0 ? undefined : tokens.at(nameAt);
  if (!first || first.value !== 'package' || pkgName?.kind !== 'ident') {
    const found = first ? first.value : 'EOF';
    return { error: { line: first?.line ?? 1, col: first?.col ?? 1, message: `expected 'package', found ${found}` }, path };
  }
  // The whole file's syntax, as gc parses it; the scan below reads the declarations of a file that passed.
  const syntax = checkSyntax(tokens);
  if (syntax.error) return { error: syntax.error, path };
  const imports: GoImport[] = [];
  const decls = new Int32List();
  const values = new Map<string, GoValue>();
  const types = new Set<string>();
  let i = nameAt + 1;
  while (i < tokens.length) {
    if (tokens.kind(i) === 'newline' || tokens.is(i, ';')) {
      i++;
      continue;
    }
    if (tokens.is(i, 'import')) {
      i = eachSpec(tokens, i + 1, (spec) => {
        const lit = spec[spec.length - 1]!;
        if (lit.kind !== 'string') return;
        const alias = spec.length > 1 ? spec[0]!.value : undefined;
        imports.push({ path: lit.value, line: lit.line, col: lit.col, specCol: spec[0]!.col, ...(alias ? { name: alias } : {}) });
      });
    } else if (tokens.is(i, 'var') || tokens.is(i, 'const')) {
      const kind = tokens.value(i) as 'var' | 'const';
      i = eachSpec(tokens, i + 1, (spec) => valueSpec(spec, kind, values));
    } else if (tokens.is(i, 'func')) {
      let k = i + 1;
      const hasRecv = tokens.is(k, '(');
      if (hasRecv) k = skipGroup(tokens, k);
      const paramsStart = k + 1;
      const paramsEnd = tokens.is(paramsStart, '(') ? skipGroup(tokens, paramsStart) : paramsStart;
      // The body is the first `{` after the signature that does not open a struct/interface type.
      let b = paramsEnd;
      while (b < tokens.length && tokens.kind(b) !== 'newline') {
        if (tokens.is(b, '{') && !tokens.is(b - 1, 'struct') && !tokens.is(b - 1, 'interface')) break;
        if (tokens.bracket(b) === 1) b = skipGroup(tokens, b);
        else b++;
      }
      const end = tokens.is(b, '{') ? skipGroup(tokens, b) : b;
      if (!hasRecv && tokens.kind(k) === 'ident') {
        decls.push(k);
        decls.push(paramsStart + 1);
        decls.push(paramsEnd - 1);
        decls.push(b + 1);
        decls.push(end - 1);
      }
      i = end;
    } else if (tokens.is(i, 'type')) {
      i = eachSpec(tokens, i + 1, (spec) => {
        if (spec[0]?.kind === 'ident') types.add(spec[0].value);
      });
    } else {
      return { error: { line: tokens.line(i), col: tokens.col(i), message: 'syntax error: non-declaration statement outside function body' }, path };
    }
  }
  return { file: new ParsedGoFile(path, pkgName.value, imports, new FuncIndex(tokens, decls.done()), values, types, tokens, utf8Length(text), syntax.typeError) };
}

/** The name an import binds: its alias, else the last path element without a `.vN`/`-go` decoration. */
export function importName(imp: GoImport): string {
  if (imp.name) return imp.name;
  const parts = imp.path.split('/');
  let last = parts[parts.length - 1]!;
  if (/^v[0-9]+$/.test(last) && parts.length > 1) last = parts[parts.length - 2]!;
  return last.replace(/\.v[0-9]+$/, '').replace(/^go-/, '').replace(/-go$/, '');
}

/** The first `name.Sel` in `file` where import `path` (bound as `name`) lacks `Sel` in `has`, as gc's `undefined: name.Sel`. */
export function undefinedSelector(file: GoFile, path: string, has: (sel: string) => boolean): GoSyntaxError | undefined {
  const imp = file.imports.find((i) => i.path === path);
  if (!imp) return undefined;
  const name = importName(imp);
  const t = file.tokens;
  for (let k = 0; k + 2 < t.length; k++) {
    if (t.kind(k) !== 'ident' || !t.is(k, name) || !t.is(k + 1, '.') || t.kind(k + 2) !== 'ident') continue;
    if (t.is(k - 1, '.')) continue;
    const sel = t.value(k + 2)!;
    if (!has(sel)) return { line: t.line(k + 2), col: t.col(k + 2), message: `undefined: ${name}.${sel}` };
  }
  return undefined;
}

/** The first import of `file` whose name is never used as `name.X` (gc's "imported and not used"). */
export function unusedImport(file: GoFile): GoSyntaxError | undefined {
  for (const imp of file.imports) {
    const name = importName(imp);
    if (name === '_' || name === '.' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) continue;
    const t = file.tokens;
    let used = false;
    for (let k = 0; k < t.length && !used; k++) used = t.kind(k) === 'ident' && t.is(k, name) && t.is(k + 1, '.') && t.line(k) !== imp.line;
    if (!used) {
      const message = imp.name ? `"${imp.path}" imported as ${imp.name} and not used` : `"${imp.path}" imported and not used`;
      return { line: imp.line, col: imp.specCol, message };
    }
  }
  return undefined;
}
