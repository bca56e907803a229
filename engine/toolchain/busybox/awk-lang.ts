/**
 * The awk language as busybox's awk reads it (POSIX awk without user functions, getline or
 * pipes): a lexer and a recursive-descent parser to a small AST. `awk.ts` runs it.
 */

export type Expr =
  | { readonly k: 'num'; readonly v: number }
  | { readonly k: 'str'; readonly v: string }
  | { readonly k: 're'; readonly v: string }
  | { readonly k: 'var'; readonly name: string }
  | { readonly k: 'idx'; readonly name: string; readonly keys: readonly Expr[] }
  | { readonly k: 'field'; readonly e: Expr }
  | { readonly k: 'group'; readonly list: readonly Expr[] }
  | { readonly k: 'assign'; readonly op: string; readonly target: Expr; readonly e: Expr }
  | { readonly k: 'cond'; readonly c: Expr; readonly a: Expr; readonly b: Expr }
  | { readonly k: 'bin'; readonly op: string; readonly a: Expr; readonly b: Expr }
  | { readonly k: 'un'; readonly op: string; readonly e: Expr }
  | { readonly k: 'incr'; readonly op: '++' | '--'; readonly prefix: boolean; readonly target: Expr }
  | { readonly k: 'in'; readonly keys: readonly Expr[]; readonly name: string }
  | { readonly k: 'call'; readonly name: string; readonly args: readonly Expr[] };

export type Stmt =
  | { readonly k: 'block'; readonly body: readonly Stmt[] }
  | { readonly k: 'expr'; readonly e: Expr }
  | { readonly k: 'print'; readonly printf: boolean; readonly args: readonly Expr[]; readonly dest?: { readonly mode: '>' | '>>'; readonly e: Expr } }
  | { readonly k: 'if'; readonly c: Expr; readonly then: Stmt; readonly else?: Stmt }
  | { readonly k: 'while'; readonly c: Expr; readonly body: Stmt; readonly doWhile: boolean }
  | { readonly k: 'for'; readonly init?: Expr; readonly c?: Expr; readonly step?: Expr; readonly body: Stmt }
  | { readonly k: 'forin'; readonly v: string; readonly arr: string; readonly body: Stmt }
  | { readonly k: 'next' | 'break' | 'continue' }
  | { readonly k: 'exit'; readonly e?: Expr }
  | { readonly k: 'delete'; readonly name: string; readonly keys?: readonly Expr[] };

export interface Rule {
  readonly when: 'BEGIN' | 'END' | 'main';
  readonly pattern?: Expr;
  /** Absent: print $0. */
  readonly action?: readonly Stmt[];
}

/** A syntax error, printed as busybox's `awk: cmd. line:N: MESSAGE`. */
export class AwkSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/** A construct this awk leaves out (user functions, getline, pipes). */
export class AwkUnsupported extends Error {}

export const BUILTINS = new Set([
  'length', 'substr', 'index', 'split', 'sub', 'gsub', 'match', 'sprintf', 'tolower', 'toupper',
  'int', 'sqrt', 'exp', 'log', 'sin', 'cos', 'atan2', 'rand', 'srand', 'system', 'close', 'fflush',
]);

type Tok = { t: 'num' | 'str' | 're' | 'name' | 'func' | 'op' | 'nl' | 'eof'; v: string; line: number; n?: number };

const KEYWORDS = new Set(['BEGIN', 'END', 'if', 'else', 'while', 'for', 'do', 'in', 'print', 'printf', 'next', 'exit', 'break', 'continue', 'delete', 'getline', 'function', 'func']);
const OPS = ['+=', '-=', '*=', '/=', '%=', '^=', '**=', '==', '<=', '>=', '!=', '++', '--', '&&', '||', '>>', '!~', '**',
  '{', '}', '(', ')', '[', ']', ';', ',', '+', '-', '*', '/', '%', '^', '!', '>', '<', '|', '?', ':', '~', '$', '='];

/** Whether a `/` after token `prev` starts a regex (an operand is expected) rather than dividing. */
function regexAllowed(prev: Tok | undefined): boolean {
  if (!prev) return true;
  if (prev.t === 'num' || prev.t === 'str' || prev.t === 're' || prev.t === 'name' || prev.t === 'func') return false;
  if (prev.t === 'op') return ![')', ']', '$', '++', '--'].includes(prev.v);
  return true;
}

function lex(src: string): Tok[] {
  const out: Tok[] = [];
  let line = 1;
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\\' && src[i + 1] === '\n') {
      i += 2;
      line++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (c === '\n') {
      out.push({ t: 'nl', v: '\n', line });
      line++;
      i++;
      continue;
    }
    if (c === '"') {
      let s = '';
      i++;
      while (i < src.length && src[i] !== '"') {
        if (src[i] === '\n') throw new AwkSyntaxError('Unexpected end of string', line);
        if (src[i] === '\\' && i + 1 < src.length) {
          const [text, n] = escape(src, i + 1);
          s += text;
          i += 1 + n;
        } else s += src[i++];
      }
      if (i >= src.length) throw new AwkSyntaxError('Unexpected end of string', line);
      i++;
      out.push({ t: 'str', v: s, line });
      continue;
    }
    if (c === '/' && regexAllowed(out[out.length - 1])) {
      let s = '';
      i++;
      while (i < src.length && src[i] !== '/') {
        if (src[i] === '\n') throw new AwkSyntaxError('Unexpected end of string', line);
        if (src[i] === '\\' && src[i + 1] === '/') {
          s += '/';
          i += 2;
        } else if (src[i] === '\\' && i + 1 < src.length) {
          s += src[i]! + src[i + 1]!;
          i += 2;
        } else s += src[i++];
      }
      i++;
      out.push({ t: 're', v: s, line });
      continue;
    }
    const num = /^(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/.exec(src.slice(i));
    if (num && /[\d.]/.test(c)) {
      out.push({ t: 'num', v: num[0], n: Number(num[0]), line });
      i += num[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (name) {
      const w = name[0];
      i += w.length;
      if (KEYWORDS.has(w)) out.push({ t: 'op', v: w, line });
      else if (BUILTINS.has(w)) out.push({ t: 'func', v: w, line });
      // a name right before `(` calls a function: with no `function` definitions (unsupported), it is undefined
      else if (src[i] === '(' && !(out.length > 0 && out[out.length - 1]!.t === 'op' && ['function', 'func'].includes(out[out.length - 1]!.v))) throw new AwkSyntaxError('Call to undefined function', line);
      else out.push({ t: 'name', v: w, line });
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) throw new AwkSyntaxError(`Unexpected token`, line);
    out.push({ t: 'op', v: op === '**' ? '^' : op === '**=' ? '^=' : op, line });
    i += op.length;
  }
  out.push({ t: 'eof', v: '', line });
  return out;
}

/** One backslash escape of an awk string at `s[i]` (after the `\`): its text and length. */
function escape(s: string, i: number): [string, number] {
  const c = s[i]!;
  const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', '/': '/', a: '\x07', b: '\b', f: '\f', v: '\v' };
  if (c in map) return [map[c]!, 1];
  const oct = /^[0-7]{1,3}/.exec(s.slice(i));
  if (oct) return [String.fromCharCode(parseInt(oct[0], 8)), oct[0].length];
  return ['\\' + c, 1];
}

/** Parses an awk program. */
export function parseAwk(src: string): Rule[] {
  const toks = lex(src);
  let pos = 0;
  const peek = (o = 0): Tok => toks[Math.min(pos + o, toks.length - 1)]!;
  const next = (): Tok => toks[pos++]!;
  const is = (v: string): boolean => peek().t === 'op' && peek().v === v;
  const fail = (tok: Tok = peek()): never => {
    throw new AwkSyntaxError('Unexpected token', tok.line);
  };
  const expect = (v: string): void => {
    if (!is(v)) fail();
    pos++;
  };
  const skipNl = (): void => {
    while (peek().t === 'nl') pos++;
  };
  const skipTerms = (): void => {
    while (peek().t === 'nl' || is(';')) pos++;
  };

  // ---- expressions ----
  let noGt = 0; // inside print's arguments, a bare `>` redirects
  let noIn = 0; // in for (... in ...) the first name is not an expression
  const expr = (): Expr => ternary();
  const ternary = (): Expr => {
    const c = or();
    if (is('?')) {
      pos++;
      skipNl();
      const a = ternary();
      skipNl();
      expect(':');
      skipNl();
      const b = ternary();
      return { k: 'cond', c, a, b };
    }
    if (peek().t === 'op' && ['=', '+=', '-=', '*=', '/=', '%=', '^='].includes(peek().v) && isLvalue(c)) {
      const op = next().v;
      skipNl();
      return { k: 'assign', op, target: c, e: ternary() };
    }
    return c;
  };
  /** A left-associative `||` or `&&` level over `operand` (a newline may follow the operator). */
  const logical = (op: '||' | '&&', operand: () => Expr) => (): Expr => {
    let a = operand();
    while (is(op)) {
      pos++;
      skipNl();
      a = { k: 'bin', op, a, b: operand() };
    }
    return a;
  };
  const and = logical('&&', () => inExpr());
  const or = logical('||', and);
  const inExpr = (): Expr => {
    let a = match();
    while (is('in') && !noIn) {
      pos++;
      const arr = next();
      if (arr.t !== 'name') fail(arr);
      a = { k: 'in', keys: a.k === 'group' ? a.list : [a], name: arr.v };
    }
    return a;
  };
  const match = (): Expr => {
    let a = compare();
    while (is('~') || is('!~')) {
      const op = next().v;
      a = { k: 'bin', op, a, b: compare() };
    }
    return a;
  };
  const compare = (): Expr => {
    const a = concat();
    if (peek().t === 'op' && ['<', '<=', '==', '!=', '>=', ...(noGt ? [] : ['>'])].includes(peek().v)) {
      const op = next().v;
      return { k: 'bin', op, a, b: concat() };
    }
    return a;
  };
  const startsOperand = (t: Tok): boolean =>
    t.t === 'num' || t.t === 'str' || t.t === 're' || t.t === 'name' || t.t === 'func' || (t.t === 'op' && ['$', '!', '(', '-', '+', '++', '--'].includes(t.v));
  const concat = (): Expr => {
    let a = additive();
    // `a -1` is a subtraction, and `in` ends it; anything else that starts an operand concatenates
    while (startsOperand(peek()) && !(peek().t === 'op' && ['-', '+'].includes(peek().v)) && !is('in')) a = { k: 'bin', op: 'concat', a, b: additive() };
    return a;
  };
  const additive = (): Expr => {
    let a = multiplicative();
    while (is('+') || is('-')) {
      const op = next().v;
      a = { k: 'bin', op, a, b: multiplicative() };
    }
    return a;
  };
  const multiplicative = (): Expr => {
    let a = unary();
    while (is('*') || is('/') || is('%')) {
      const op = next().v;
      a = { k: 'bin', op, a, b: unary() };
    }
    return a;
  };
  const unary = (): Expr => {
    if (is('!') || is('-') || is('+')) {
      const op = next().v;
      return { k: 'un', op, e: unary() };
    }
    return power();
  };
  const power = (): Expr => {
    const a = postfix();
    if (is('^')) {
      pos++;
      return { k: 'bin', op: '^', a, b: unary() }; // right-associative, binds tighter than unary minus on its left
    }
    return a;
  };
  const postfix = (): Expr => {
    if (is('++') || is('--')) {
      const op = next().v as '++' | '--';
      const target = postfix();
      if (!isLvalue(target)) fail();
      return { k: 'incr', op, prefix: true, target };
    }
    const e = primary();
    if ((is('++') || is('--')) && isLvalue(e)) return { k: 'incr', op: next().v as '++' | '--', prefix: false, target: e };
    return e;
  };
  const primary = (): Expr => {
    const t = next();
    switch (t.t) {
      case 'num':
        return { k: 'num', v: t.n ?? 0 };
      case 'str':
        return { k: 'str', v: t.v };
      case 're':
        return { k: 're', v: t.v };
      case 'name':
        if (is('[')) {
          pos++;
          const keys = exprList(']');
          return { k: 'idx', name: t.v, keys };
        }
        return { k: 'var', name: t.v };
      case 'func': {
        if (t.v === 'length' && !is('(')) return { k: 'call', name: 'length', args: [] };
        expect('(');
        if (is(')')) {
          pos++;
          return { k: 'call', name: t.v, args: [] };
        }
        const args = exprList(')');
        return { k: 'call', name: t.v, args };
      }
      case 'op':
        if (t.v === '$') return { k: 'field', e: postfixNoIncr() };
        if (t.v === '(') {
          const saved = noGt; // inside parentheses `>` compares again
          noGt = 0;
          const list = [expr()];
          while (is(',')) {
            pos++;
            skipNl();
            list.push(expr());
          }
          noGt = saved;
          expect(')');
          return list.length === 1 ? list[0]! : { k: 'group', list };
        }
        if (t.v === 'getline') throw new AwkUnsupported('getline');
        if (t.v === '-' || t.v === '+' || t.v === '!') return { k: 'un', op: t.v, e: unary() };
        return fail(t);
      default:
        return fail(t);
    }
  };
  // `$i++` increments the field, `$NF` takes a primary
  const postfixNoIncr = (): Expr => {
    if (is('++') || is('--')) return postfix();
    if (is('-')) {
      pos++;
      return { k: 'un', op: '-', e: primary() };
    }
    return primary();
  };
  const exprList = (close: string): Expr[] => {
    const saved = noGt;
    noGt = 0;
    const list = [expr()];
    while (is(',')) {
      pos++;
      skipNl();
      list.push(expr());
    }
    noGt = saved;
    expect(close);
    return list;
  };
  const isLvalue = (e: Expr): boolean => e.k === 'var' || e.k === 'idx' || e.k === 'field';

  // ---- statements ----
  const simpleOrEmpty = (end: string): Expr | undefined => (is(end) ? undefined : expr());
  const stmtEnd = (): void => {
    if (is(';') || peek().t === 'nl') {
      skipTerms();
      return;
    }
    if (is('}') || peek().t === 'eof') return;
    fail();
  };
  const block = (): Stmt[] => {
    expect('{');
    const body: Stmt[] = [];
    skipTerms();
    while (!is('}')) {
      if (peek().t === 'eof') fail();
      body.push(stmt());
      skipTerms();
    }
    pos++;
    return body;
  };
  const body = (): Stmt => {
    skipNl();
    if (is(';')) {
      pos++;
      return { k: 'block', body: [] };
    }
    return stmt();
  };
  const stmt = (): Stmt => {
    if (is('{')) return { k: 'block', body: block() };
    const t = peek();
    if (t.t === 'op') {
      switch (t.v) {
        case 'if': {
          pos++;
          expect('(');
          const c = expr();
          expect(')');
          const then = body();
          // `else` may follow a `;` or newlines
          const save = pos;
          skipTerms();
          if (is('else')) {
            pos++;
            return { k: 'if', c, then, else: body() };
          }
          pos = save;
          return { k: 'if', c, then };
        }
        case 'while': {
          pos++;
          expect('(');
          const c = expr();
          expect(')');
          if (is(';')) {
            pos++;
            return { k: 'while', c, body: { k: 'block', body: [] }, doWhile: false };
          }
          return { k: 'while', c, body: body(), doWhile: false };
        }
        case 'do': {
          pos++;
          const b = body();
          skipTerms();
          expect('while');
          expect('(');
          const c = expr();
          expect(')');
          stmtEnd();
          return { k: 'while', c, body: b, doWhile: true };
        }
        case 'for': {
          pos++;
          expect('(');
          if (peek().t === 'name' && peek(1).t === 'op' && peek(1).v === 'in' && peek(2).t === 'name' && peek(3).t === 'op' && peek(3).v === ')') {
            const v = next().v;
            pos++;
            const arr = next().v;
            pos++;
            return { k: 'forin', v, arr, body: body() };
          }
          noIn++;
          const init = simpleOrEmpty(';');
          noIn--;
          expect(';');
          skipNl();
          const c = simpleOrEmpty(';');
          expect(';');
          skipNl();
          const step = simpleOrEmpty(')');
          expect(')');
          return { k: 'for', ...(init ? { init } : {}), ...(c ? { c } : {}), ...(step ? { step } : {}), body: body() };
        }
        case 'print':
        case 'printf': {
          pos++;
          noGt++;
          let args: Expr[] = [];
          if (!(is(';') || is('}') || is('>') || is('>>') || is('|') || peek().t === 'nl' || peek().t === 'eof')) {
            args = [expr()];
            while (is(',')) {
              pos++;
              skipNl();
              args.push(expr());
            }
          }
          noGt--;
          if (args.length === 1 && args[0]!.k === 'group') args = [...args[0]!.list];
          if (t.v === 'printf' && args.length === 0) fail();
          let dest: { mode: '>' | '>>'; e: Expr } | undefined;
          if (is('>') || is('>>')) {
            const mode = next().v as '>' | '>>';
            noGt++;
            dest = { mode, e: concat() };
            noGt--;
          } else if (is('|')) throw new AwkUnsupported('output to a pipe');
          stmtEnd();
          return { k: 'print', printf: t.v === 'printf', args, ...(dest ? { dest } : {}) };
        }
        case 'next':
        case 'break':
        case 'continue':
          pos++;
          stmtEnd();
          return { k: t.v };
        case 'exit': {
          pos++;
          const e = is(';') || is('}') || peek().t === 'nl' || peek().t === 'eof' ? undefined : expr();
          stmtEnd();
          return e ? { k: 'exit', e } : { k: 'exit' };
        }
        case 'delete': {
          pos++;
          const n = next();
          if (n.t !== 'name') fail(n);
          let keys: Expr[] | undefined;
          if (is('[')) {
            pos++;
            keys = exprList(']');
          }
          stmtEnd();
          return { k: 'delete', name: n.v, ...(keys ? { keys } : {}) };
        }
        case 'function':
        case 'func':
          throw new AwkUnsupported('user-defined functions');
        case ';':
          pos++;
          return { k: 'block', body: [] };
      }
    }
    const e = expr();
    stmtEnd();
    return { k: 'expr', e };
  };

  // ---- program ----
  const rules: Rule[] = [];
  skipTerms();
  while (peek().t !== 'eof') {
    if (is('BEGIN') || is('END')) {
      const when = next().v as 'BEGIN' | 'END';
      skipNl();
      rules.push({ when, action: block() });
    } else if (is('{')) {
      rules.push({ when: 'main', action: block() });
    } else if (is('function') || is('func')) {
      throw new AwkUnsupported('user-defined functions');
    } else {
      const pattern = expr();
      if (is(',')) throw new AwkUnsupported('range patterns');
      rules.push(is('{') ? { when: 'main', pattern, action: block() } : { when: 'main', pattern });
    }
    if (!(is(';') || peek().t === 'nl' || peek().t === 'eof' || is('{') || is('BEGIN') || is('END') || rules[rules.length - 1]!.action)) fail();
    skipTerms();
  }
  return rules;
}
