/**
 * The analyses the mocked golangci-lint runs over the Go mini-analyzer's tokens: the
 * default linters' most common findings (errcheck, unused, ineffassign), each decided
 * by a small, deterministic rule documented in README.md.
 */
import type { Token } from '../go/lexer.ts';
import type { GoPackage } from '../go/load.ts';
import type { GoFile } from '../go/source.ts';
import { importName } from '../go/source.ts';

/** One finding, positioned as golangci-lint prints it (1-based line, byte column). */
export interface LintIssue {
  readonly file: GoFile;
  readonly line: number;
  readonly col: number;
  readonly message: string;
  readonly linter: 'errcheck' | 'unused' | 'ineffassign';
}

/** Package-level functions (by import path) whose last result is an `error`. */
const ERROR_FUNCS: Readonly<Record<string, readonly string[]>> = {
  os: ['Chdir', 'Chmod', 'Chown', 'Link', 'Mkdir', 'MkdirAll', 'Remove', 'RemoveAll', 'Rename', 'Setenv', 'Symlink', 'Truncate', 'Unsetenv', 'WriteFile'],
  'net/http': ['ListenAndServe', 'ListenAndServeTLS', 'Serve'],
  'encoding/json': ['Unmarshal'],
  io: ['Copy', 'CopyN', 'ReadFull', 'WriteString'],
  fmt: ['Fprint', 'Fprintf', 'Fprintln'],
  flag: ['Set'],
  'github.com/spf13/pflag': ['Set'],
};

/** Methods that return an `error`, by the declared type of their receiver. */
const ERROR_METHODS: Readonly<Record<string, readonly string[]>> = {
  'http.ResponseWriter': ['Write'],
  '*http.Server': ['ListenAndServe', 'ListenAndServeTLS', 'Shutdown', 'Close', 'Serve'],
  '*os.File': ['Close', 'Chmod', 'Sync', 'Truncate', 'Write', 'WriteString'],
  'io.Writer': ['Write'],
  'io.WriteCloser': ['Write', 'Close'],
  'io.ReadCloser': ['Close'],
  'io.Closer': ['Close'],
  'net.Conn': ['Close', 'Write', 'SetDeadline'],
};

/** Constructors whose first result has a known type (`f, err := os.Create(...)`). */
const RESULT_TYPES: Readonly<Record<string, string>> = {
  'os.Create': '*os.File',
  'os.Open': '*os.File',
  'os.OpenFile': '*os.File',
  'net.Dial': 'net.Conn',
};

/**
 * golangci-lint v1's default exclusion EXC0001: errcheck findings on these calls are
 * hidden unless `exclude-use-default: false`.
 */
const EXC0001 = /^((os\.)?std(out|err)\..*|.*Close|.*Flush|os\.Remove(All)?|.*print(f|ln)?|os\.(Un)?Setenv)$/;

const KEYWORDS = new Set(['break', 'case', 'chan', 'const', 'continue', 'default', 'defer', 'else', 'fallthrough', 'for', 'func', 'go', 'goto', 'if', 'import', 'interface', 'map', 'package', 'range', 'return', 'select', 'struct', 'switch', 'type', 'var']);

/** Index just past the bracket group that opens at `i`. */
function closeOf(t: readonly Token[], i: number): number {
  let depth = 0;
  for (let k = i; k < t.length; k++) {
    const v = t[k]!.value;
    if (t[k]!.kind !== 'punct') continue;
    if (v === '(' || v === '[' || v === '{') depth++;
    else if (v === ')' || v === ']' || v === '}') {
      depth--;
      if (depth === 0) return k + 1;
    }
  }
  return t.length;
}

/** Declared types of identifiers in a file: `w http.ResponseWriter` params, `f, err := os.Create(...)`. */
function declaredTypes(file: GoFile): Map<string, string> {
  const t = file.tokens.all();
  const out = new Map<string, string>();
  for (let k = 0; k + 1 < t.length; k++) {
    const a = t[k]!;
    if (a.kind !== 'ident' || KEYWORDS.has(a.value)) continue;
    const prev = t[k - 1]?.value;
    if (prev !== '(' && prev !== ',') continue;
    // `name [*]pkg.Type` inside a parameter list.
    let j = k + 1;
    const star = t[j]?.value === '*' ? '*' : '';
    if (star) j++;
    if (t[j]?.kind === 'ident' && t[j + 1]?.value === '.' && t[j + 2]?.kind === 'ident') {
      const type = `${star}${t[j]!.value}.${t[j + 2]!.value}`;
      if (ERROR_METHODS[type]) out.set(a.value, type);
    }
  }
  for (let k = 0; k + 4 < t.length; k++) {
    if (t[k]!.value !== ':=' && t[k]!.value !== '=') continue;
    const fn = `${t[k + 1]!.value}.${t[k + 3]?.value ?? ''}`;
    const type = t[k + 2]?.value === '.' ? RESULT_TYPES[fn] : undefined;
    if (!type) continue;
    let s = k - 1;
    while (s > 0 && (t[s - 1]!.value === ',' || (t[s]!.value === ',' && t[s - 1]!.kind === 'ident'))) s--;
    const first = t[s]!;
    if (first.kind === 'ident') out.set(first.value, type);
  }
  return out;
}

/** Funcs of the package whose results end in `error` (`func save() error`, `func f() (int, error)`). */
export function errorFuncs(pkg: GoPackage): Set<string> {
  const out = new Set<string>();
  for (const f of pkg.files) {
    const t = f.tokens.all();
    for (let k = 0; k + 2 < t.length; k++) {
      if (t[k]!.value !== 'func' || t[k + 1]!.kind !== 'ident' || t[k + 2]!.value !== '(') continue;
      let j = closeOf(t, k + 2);
      let last: Token | undefined;
      while (j < t.length && t[j]!.value !== '{' && t[j]!.kind !== 'newline') {
        if (t[j]!.value !== ')') last = t[j];
        j++;
      }
      if (last?.value === 'error') out.add(t[k + 1]!.value);
    }
  }
  return out;
}

/** errcheck: call statements (also under `defer`/`go`) whose error result is dropped. */
export function errcheck(file: GoFile, localErrorFuncs: ReadonlySet<string>): LintIssue[] {
  const t = file.tokens.all();
  const imports = new Map(file.imports.map((i) => [importName(i), i.path]));
  const types = declaredTypes(file);
  const out: LintIssue[] = [];
  let inFunc = false;
  for (let k = 0; k < t.length; k++) {
    if (t[k]!.value === 'func') inFunc = true;
    const prev = t[k - 1];
    const atStart = !prev || prev.kind === 'newline' || prev.value === ';' || prev.value === '{' || prev.value === 'defer' || prev.value === 'go';
    if (!inFunc || !atStart || t[k]!.kind !== 'ident' || KEYWORDS.has(t[k]!.value)) continue;
    const recv = t[k + 1]?.value === '.' && t[k + 2]?.kind === 'ident' ? t[k]!.value : undefined;
    const nameTok = recv ? t[k + 2]! : t[k]!;
    const lparen = t[recv ? k + 3 : k + 1];
    if (lparen?.value !== '(') continue;
    const end = closeOf(t, recv ? k + 3 : k + 1);
    const after = t[end];
    if (after && after.kind !== 'newline' && after.value !== ';' && after.value !== '}') continue;
    const callee = recv ? `${recv}.${nameTok.value}` : nameTok.value;
    let returnsError: boolean;
    if (recv && imports.has(recv)) returnsError = ERROR_FUNCS[imports.get(recv)!]?.includes(nameTok.value) ?? false;
    else if (recv) returnsError = ERROR_METHODS[types.get(recv) ?? '']?.includes(nameTok.value) ?? false;
    else returnsError = localErrorFuncs.has(nameTok.value);
    if (!returnsError) continue;
    const qualified = recv && imports.has(recv) ? `${imports.get(recv)!.split('/').pop()}.${nameTok.value}` : callee;
    if (EXC0001.test(qualified)) continue;
    out.push({ file, line: lparen.line, col: lparen.col, message: `Error return value of \`${callee}\` is not checked`, linter: 'errcheck' });
  }
  return out;
}

/** Top-level declarations of a file: `{ kind, name token }` for funcs (no methods), vars, consts and types. */
function topLevelDecls(file: GoFile): { kind: 'func' | 'var' | 'const' | 'type'; name: Token }[] {
  const t = file.tokens.all();
  const out: { kind: 'func' | 'var' | 'const' | 'type'; name: Token }[] = [];
  for (let k = 0; k < t.length; k++) {
    const v = t[k]!.value;
    if (t[k]!.kind === 'punct' && (v === '(' || v === '[' || v === '{')) {
      k = closeOf(t, k) - 1;
      continue;
    }
    if (v === 'func') {
      if (t[k + 1]?.kind === 'ident') out.push({ kind: 'func', name: t[k + 1]! });
      continue;
    }
    if (v !== 'var' && v !== 'const' && v !== 'type') continue;
    const kind = v;
    if (t[k + 1]?.value !== '(') {
      for (let j = k + 1; t[j]?.kind === 'ident'; j += 2) {
        out.push({ kind, name: t[j]! });
        if (t[j + 1]?.value !== ',' || kind === 'type') break;
      }
      continue;
    }
    const end = closeOf(t, k + 1);
    let lineStart = true;
    let depth = 0;
    for (let j = k + 2; j < end - 1; j++) {
      const x = t[j]!;
      if (x.kind === 'punct' && '([{'.includes(x.value)) depth++;
      if (x.kind === 'punct' && ')]}'.includes(x.value)) depth--;
      if (depth === 0 && (x.kind === 'newline' || x.value === ';')) {
        lineStart = true;
        continue;
      }
      if (lineStart && depth === 0 && x.kind === 'ident') {
        for (let n = j; t[n]?.kind === 'ident'; n += 2) {
          out.push({ kind, name: t[n]! });
          if (t[n + 1]?.value !== ',' || kind === 'type') break;
        }
      }
      lineStart = false;
    }
    k = end - 1;
  }
  return out;
}

/** unused: unexported package-level funcs, vars, consts and types nothing in the package refers to. */
export function unused(pkg: GoPackage): LintIssue[] {
  const all = [...pkg.files, ...pkg.testFiles];
  const refs = new Map<string, number>();
  for (const f of all) for (const t of f.tokens.all()) if (t.kind === 'ident') refs.set(t.value, (refs.get(t.value) ?? 0) + 1);
  const out: LintIssue[] = [];
  for (const file of pkg.files) {
    for (const d of topLevelDecls(file)) {
      const n = d.name.value;
      if (n === '_' || n === 'init' || (n === 'main' && pkg.name === 'main') || /^[A-Z]/.test(n)) continue;
      if ((refs.get(n) ?? 0) > 1) continue;
      out.push({ file, line: d.name.line, col: d.name.col, message: `${d.kind} \`${n}\` is unused`, linter: 'unused' });
    }
  }
  return out;
}

/** Top-level statements of a body (split at newlines and `;` outside brackets). */
function statementsOf(body: readonly Token[]): Token[][] {
  const out: Token[][] = [];
  let cur: Token[] = [];
  let depth = 0;
  for (const t of body) {
    if (t.kind === 'punct' && '([{'.includes(t.value)) depth++;
    if (t.kind === 'punct' && ')]}'.includes(t.value)) depth--;
    if (depth === 0 && (t.kind === 'newline' || t.value === ';')) {
      if (cur.length) out.push(cur);
      cur = [];
    } else cur.push(t);
  }
  if (cur.length) out.push(cur);
  return out;
}

const mentions = (stmt: readonly Token[], name: string, from = 0): boolean =>
  stmt.some((t, k) => k >= from && t.kind === 'ident' && t.value === name && stmt[k - 1]?.value !== '.');

/**
 * ineffassign: in the straight-line top level of a func body, `x = v` or `x := v` whose
 * value is overwritten by a later `x = w` before anything reads `x`, or never read again.
 */
export function ineffassign(file: GoFile): LintIssue[] {
  const out: LintIssue[] = [];
  for (const fn of file.funcs.values()) {
    if (fn.body.some((t) => t.value === 'func' || t.value === 'goto')) continue; // closures and jumps may read it
    const stmts = statementsOf(fn.body);
    const bareReturn = stmts.some((s) => s.length === 1 && s[0]!.value === 'return');
    stmts.forEach((s, i) => {
      const [x, op] = s;
      if (x?.kind !== 'ident' || x.value === '_' || KEYWORDS.has(x.value) || (op?.value !== '=' && op?.value !== ':=')) return;
      if (mentions(s, x.value, 2)) return;
      const name = x.value;
      const local = op.value === ':=' || mentions(fn.params, name) || stmts.slice(0, i).some((r) => (r[0]?.value === name && r[1]?.value === ':=') || (r[0]?.value === 'var' && r[1]?.value === name));
      if (!local) return; // package-level variables outlive the call
      const next = stmts.slice(i + 1).find((r) => mentions(r, name));
      const overwritten = next?.[0]?.value === name && next[1]?.value === '=' && !mentions(next, name, 2);
      const neverRead = !next && op.value === '=' && !bareReturn;
      if (overwritten || neverRead) out.push({ file, line: x.line, col: x.col, message: `ineffectual assignment to ${name}`, linter: 'ineffassign' });
    });
  }
  return out;
}
