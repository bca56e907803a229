/**
 * The Go mini-analyzer: reads one `.go` file into what the mocked toolchain needs
 * (package clause, imports, top-level funcs, string vars and consts) and reports the
 * syntax errors a learner is likely to make, in the compiler's wording.
 */
import type { GoSyntaxError, Token } from './lexer.ts';
import { lex, utf8Length } from './lexer.ts';

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
  readonly funcs: ReadonlyMap<string, GoFunc>;
  readonly values: ReadonlyMap<string, GoValue>;
  /** Top-level type names. */
  readonly types: ReadonlySet<string>;
  /** Every token, for usage checks. */
  readonly tokens: readonly Token[];
  /** Source size in bytes (drives the modeled build time). */
  readonly size: number;
}

/** A file, or the first error found in it (path relative as above). */
export type ParsedFile = { readonly file: GoFile } | { readonly error: GoSyntaxError; readonly path: string };

const OPEN: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/** Checks bracket balance the way gc reports the common cases. */
function checkBrackets(tokens: readonly Token[]): GoSyntaxError | undefined {
  const stack: Token[] = [];
  for (const t of tokens) {
    if (t.kind !== 'punct') continue;
    if (OPEN[t.value]) stack.push(t);
    else if (t.value === ')' || t.value === ']' || t.value === '}') {
      const top = stack.pop();
      if (!top) {
        return { line: t.line, col: t.col, message: 'syntax error: non-declaration statement outside function body' };
      }
      if (OPEN[top.value] !== t.value) {
        return { line: t.line, col: t.col, message: `syntax error: unexpected ${t.value}, expected ${OPEN[top.value]}` };
      }
    }
  }
  if (stack.length > 0) {
    const eof = tokens[tokens.length - 1]!;
    return { line: eof.line, col: eof.col, message: `syntax error: unexpected EOF, expected ${OPEN[stack[stack.length - 1]!.value]}` };
  }
  return undefined;
}

/** Index just past the bracket group opening at `i`. */
function skipGroup(tokens: readonly Token[], i: number): number {
  let depth = 0;
  for (let k = i; k < tokens.length; k++) {
    const v = tokens[k]!;
    if (v.kind !== 'punct') continue;
    if (OPEN[v.value]) depth++;
    else if (v.value === ')' || v.value === ']' || v.value === '}') if (--depth === 0) return k + 1;
  }
  return tokens.length;
}

/** Tokens of one spec line up to a newline or `;` at depth 0; returns [tokens, next index]. */
function specLine(tokens: readonly Token[], i: number): [Token[], number] {
  const out: Token[] = [];
  while (i < tokens.length) {
    const t = tokens[i]!;
    if (t.kind === 'newline' || (t.kind === 'punct' && (t.value === ';' || t.value === ')'))) break;
    if (t.kind === 'punct' && OPEN[t.value]) {
      const end = skipGroup(tokens, i);
      out.push(...tokens.slice(i, end));
      i = end;
      continue;
    }
    out.push(t);
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
function eachSpec(tokens: readonly Token[], i: number, fn: (spec: Token[]) => void): number {
  if (tokens[i]?.value === '(') {
    i++;
    while (i < tokens.length && tokens[i]!.value !== ')') {
      if (tokens[i]!.kind === 'newline' || tokens[i]!.value === ';') {
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
    private readonly tokens: readonly Token[],
    private readonly paramRange: readonly [number, number],
    private readonly bodyRange: readonly [number, number],
  ) {}

  get params(): readonly Token[] {
    return (this.paramTokens ??= this.tokens.slice(...this.paramRange));
  }

  get body(): readonly Token[] {
    return (this.bodyTokens ??= this.tokens.slice(...this.bodyRange));
  }
}

/** Analyzes one file; `path` is relative to the module root. */
export function parseGoFile(path: string, text: string): ParsedFile {
  const lexed = lex(text);
  if ('error' in lexed) return { error: lexed.error, path };
  const tokens = lexed.tokens;
  const bracketError = checkBrackets(tokens);
  if (bracketError) return { error: bracketError, path };
  // the first two tokens that are not newlines: `package <name>`
  const at = tokens.findIndex((t) => t.kind !== 'newline');
  const nameAt = at < 0 ? -1 : tokens.findIndex((t, k) => k > at && t.kind !== 'newline');
  const first = at < 0 ? undefined : tokens[at];
  const pkgName = nameAt < 0 ? undefined : tokens[nameAt];
  if (!first || first.value !== 'package' || pkgName?.kind !== 'ident') {
    const found = first ? (first.kind === 'ident' ? first.value : first.value) : 'EOF';
    return { error: { line: first?.line ?? 1, col: first?.col ?? 1, message: `expected 'package', found ${found}` }, path };
  }
  const imports: GoImport[] = [];
  const funcs = new Map<string, GoFunc>();
  const values = new Map<string, GoValue>();
  const types = new Set<string>();
  let i = nameAt + 1;
  while (i < tokens.length) {
    const t = tokens[i]!;
    if (t.kind === 'newline' || t.value === ';') {
      i++;
      continue;
    }
    if (t.value === 'import') {
      i = eachSpec(tokens, i + 1, (spec) => {
        const lit = spec[spec.length - 1]!;
        if (lit.kind !== 'string') return;
        const alias = spec.length > 1 ? spec[0]!.value : undefined;
        imports.push({ path: lit.value, line: lit.line, col: lit.col, specCol: spec[0]!.col, ...(alias ? { name: alias } : {}) });
      });
    } else if (t.value === 'var' || t.value === 'const') {
      i = eachSpec(tokens, i + 1, (spec) => valueSpec(spec, t.value as 'var' | 'const', values));
    } else if (t.value === 'func') {
      let k = i + 1;
      const hasRecv = tokens[k]?.value === '(';
      if (hasRecv) k = skipGroup(tokens, k);
      const name = tokens[k];
      const paramsStart = k + 1;
      const paramsEnd = tokens[paramsStart]?.value === '(' ? skipGroup(tokens, paramsStart) : paramsStart;
      // The body is the first `{` after the signature that does not open a struct/interface type.
      let b = paramsEnd;
      while (b < tokens.length && tokens[b]!.kind !== 'newline') {
        const v = tokens[b]!;
        if (v.value === '{' && tokens[b - 1]?.value !== 'struct' && tokens[b - 1]?.value !== 'interface') break;
        if (OPEN[v.value]) b = skipGroup(tokens, b);
        else b++;
      }
      const end = tokens[b]?.value === '{' ? skipGroup(tokens, b) : b;
      if (!hasRecv && name?.kind === 'ident') {
        funcs.set(name.value, new FuncTokens(name.value, name.line, tokens, [paramsStart + 1, paramsEnd - 1], [b + 1, end - 1]));
      }
      i = end;
    } else if (t.value === 'type') {
      i = eachSpec(tokens, i + 1, (spec) => {
        if (spec[0]?.kind === 'ident') types.add(spec[0].value);
      });
    } else {
      return { error: { line: t.line, col: t.col, message: 'syntax error: non-declaration statement outside function body' }, path };
    }
  }
  return { file: { path, pkg: pkgName.value, imports, funcs, values, types, tokens, size: utf8Length(text) } };
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
    if (t[k]!.kind !== 'ident' || t[k]!.value !== name || t[k + 1]!.value !== '.' || t[k + 2]!.kind !== 'ident') continue;
    if (t[k - 1]?.value === '.') continue;
    const sel = t[k + 2]!;
    if (!has(sel.value)) return { line: sel.line, col: sel.col, message: `undefined: ${name}.${sel.value}` };
  }
  return undefined;
}

/** The first import of `file` whose name is never used as `name.X` (gc's "imported and not used"). */
export function unusedImport(file: GoFile): GoSyntaxError | undefined {
  for (const imp of file.imports) {
    const name = importName(imp);
    if (name === '_' || name === '.' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) continue;
    const used = file.tokens.some((t, k) => t.kind === 'ident' && t.value === name && file.tokens[k + 1]?.value === '.' && t.line !== imp.line);
    if (!used) {
      const message = imp.name ? `"${imp.path}" imported as ${imp.name} and not used` : `"${imp.path}" imported and not used`;
      return { line: imp.line, col: imp.specCol, message };
    }
  }
  return undefined;
}
