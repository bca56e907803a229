/**
 * Go's syntax, checked the way gc's parser (cmd/compile/internal/syntax) checks it: a
 * recursive-descent parser over the lexer's `Tokens`, read by index (a generated program
 * has millions of tokens; nothing is allocated per token), with Go's semicolon insertion at
 * newlines. It builds no tree: each expression answers a few bits about its shape (what gc
 * asks of its tree to resolve the composite-literal and type-parameter ambiguities) and
 * each statement whether it is terminating (for `missing return`). It stops at the first
 * error, worded and positioned as gc reports it.
 */
import type { GoSyntaxError, Tokens } from './lexer.ts';
import { TOKEN_KINDS, utf8Length } from './lexer.ts';

/**
 * What `checkSyntax` found: the first syntax error; else the first error gc's type checker
 * reports from the syntax alone (`missing return`, `expression in go must be function call`).
 */
export interface SyntaxCheck {
  readonly error?: GoSyntaxError;
  readonly typeError?: GoSyntaxError;
}

// Token codes (the parser's view of a token).
const EOF: number = 0, NAME: number = 1, LIT: number = 2, SEMI: number = 3, OP: number = 4, STAR: number = 5, ARROW: number = 6, ASSIGN_OP: number = 7, INC_OP: number = 8, ASSIGN: number = 9, DEFINE: number = 10;
const LPAREN: number = 11, LBRACK: number = 12, LBRACE: number = 13, RPAREN: number = 14, RBRACK: number = 15, RBRACE: number = 16, COMMA: number = 17, COLON: number = 18, DOT: number = 19, DOTS: number = 20;
const BREAK: number = 21, CASE: number = 22, CHAN: number = 23, CONST: number = 24, CONTINUE: number = 25, DEFAULT: number = 26, DEFER: number = 27, ELSE: number = 28, FALLTHROUGH: number = 29, FOR: number = 30;
const FUNC: number = 31, GO: number = 32, GOTO: number = 33, IF: number = 34, IMPORT: number = 35, INTERFACE: number = 36, MAP: number = 37, PACKAGE: number = 38, RANGE: number = 39, RETURN: number = 40;
const SELECT: number = 41, STRUCT: number = 42, SWITCH: number = 43, TYPE: number = 44, VAR: number = 45;
/** A newline (or a comment spanning lines): a semicolon when the token before it asks for one. */
const NEWLINE: number = 46;
/** The end of the file (the lexer's last token). */
const END: number = 47;
/** A character Go has no token for (`@`, `$`, `?`, …) or an identifier with one. */
const BAD: number = 48;

const KEYWORDS = ['break', 'case', 'chan', 'const', 'continue', 'default', 'defer', 'else', 'fallthrough', 'for', 'func', 'go', 'goto', 'if', 'import', 'interface', 'map', 'package', 'range', 'return', 'select', 'struct', 'switch', 'type', 'var'];
/** Keywords by first letter (a char code below 128): codes and texts. */
const KEYWORD_CODES: number[][] = Array.from({ length: 128 }, () => []);
const KEYWORD_TEXTS: string[][] = Array.from({ length: 128 }, () => []);
KEYWORDS.forEach((kw, i) => {
  KEYWORD_CODES[kw.charCodeAt(0)]!.push(BREAK + i);
  KEYWORD_TEXTS[kw.charCodeAt(0)]!.push(kw);
});

const OPERATORS = new Set(['||', '&&', '==', '!=', '<', '<=', '>', '>=', '+', '-', '|', '^', '/', '%', '&', '&^', '<<', '>>', '!', '~']);
const SINGLE: Record<string, number> = { '(': LPAREN, '[': LBRACK, '{': LBRACE, ')': RPAREN, ']': RBRACK, '}': RBRACE, ',': COMMA, ':': COLON, '.': DOT, ';': SEMI, '=': ASSIGN, '*': STAR };

/** Whether an identifier's text has a character Go does not allow in names (smart quotes, symbols…): its index, else -1. */
function badIdentChar(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.codePointAt(i)!;
    if (c >= 0x80 && !/[\p{L}\p{Nd}]/u.test(String.fromCodePoint(c))) return i;
    if (c > 0xffff) i++; // the pair's second half
  }
  return -1;
}

/** Codes of one-character punctuation by char code (BAD: none in Go). */
const PUNCT1 = new Uint8Array(128).fill(BAD);
for (const [ch, code] of Object.entries(SINGLE)) PUNCT1[ch.charCodeAt(0)] = code;
for (const op of OPERATORS) if (op.length === 1) PUNCT1[op.charCodeAt(0)] = OP;

const IDENT = TOKEN_KINDS.indexOf('ident');
const PUNCTUATION = TOKEN_KINDS.indexOf('punct');
const NEWLINE_KIND = TOKEN_KINDS.indexOf('newline');

/** The code of a punctuation token of two or three characters at `from` of `src`. */
function longPunct(src: string, from: number, width: number): number {
  const a = src.charCodeAt(from);
  const b = src.charCodeAt(from + 1);
  if (width === 3) {
    if (a === 0x2e) return DOTS; // ...
    return a === b || a === 0x26 ? ASSIGN_OP : BAD; // <<= >>= &^= (&&= ||= are not Go)
  }
  if (a === 0x3c && b === 0x2d) return ARROW; // <-
  if (a === 0x3a) return DEFINE; // :=
  if (a === b && (a === 0x2b || a === 0x2d)) return INC_OP; // ++ --
  if (b === 0x3d && a !== 0x3d && a !== 0x21 && a !== 0x3c && a !== 0x3e) return ASSIGN_OP; // += -= *= /= %= &= |= ^=
  return OP; // == != <= >= && || << >> &^
}

/** The parser's code of every token, read from the lexer's arrays. */
function tokenCodes(tokens: Tokens): Uint8Array {
  const { src, kinds, starts, ends } = tokens.raw();
  const n = kinds.length;
  const codes = new Uint8Array(n);
  const checkNames = tokens.nonAscii();
  for (let k = 0; k < n; k++) {
    const kind = kinds[k]!;
    const from = starts[k]!;
    if (kind === IDENT) {
      let code = NAME;
      const first = src.charCodeAt(from);
      if (first < 128) {
        const texts = KEYWORD_TEXTS[first]!;
        const width = ends[k]! - from;
        for (let c = 0; c < texts.length; c++) {
          const kw = texts[c]!;
          if (width === kw.length && src.startsWith(kw, from)) {
            code = KEYWORD_CODES[first]![c]!;
            break;
          }
        }
      }
      if (checkNames && code === NAME && badIdentChar(src.slice(from, ends[k]!)) >= 0) code = BAD;
      codes[k] = code;
    } else if (kind === PUNCTUATION) {
      const width = ends[k]! - from;
      if (width === 1) {
        const c = src.charCodeAt(from);
        codes[k] = c < 128 ? PUNCT1[c]! : BAD;
      } else codes[k] = longPunct(src, from, width);
    } else if (kind === NEWLINE_KIND) codes[k] = k === n - 1 ? END : NEWLINE;
    else codes[k] = LIT;
  }
  return codes;
}

// What an expression is, as bits (gc asks these of its tree).
/** Kinds, in the low four bits. */
const K_OTHER: number = 0, K_NAME: number = 1, K_SELECTOR: number = 2, K_INDEX: number = 3, K_CALL: number = 4, K_TYPE_SWITCH: number = 5, K_OPERATION: number = 6;
const K_ARRAY: number = 7, K_SLICE: number = 8, K_STRUCT: number = 9, K_MAP: number = 10, K_CHAN: number = 11, K_FUNC_TYPE: number = 12, K_INTERFACE: number = 13, K_POINTER: number = 14;
const KIND: number = 15;
/** In parentheses (gc's ParenExpr around the kind). */
const PAREN: number = 16;
/** Syntactically a value, never a type (gc's isValue). */
const VALUE: number = 32;
/** A type element: a type literal, or an operation on one, or `~T` (gc's isTypeElem). */
const TYPE_ELEM: number = 64;
/** Splits into a type parameter name and its constraint when forced (gc's extractName with force). */
const SPLITS_FORCED: number = 128;
/** Splits without being forced. */
const SPLITS: number = 256;
/** A call of `panic` (a terminating statement). */
const PANIC: number = 512;
/** An expression list of two or more. */
const LIST: number = 1024;
/** A binary operation (gc's emphasize puts it in parentheses). */
const BINARY: number = 2048;

const isName = (x: number): boolean => (x & (KIND | PAREN)) === K_NAME;

// Simple statement kinds.
const S_EXPR: number = 1, S_ASSIGN: number = 2, S_DEFINE: number = 3, S_OTHER: number = 4, S_RANGE: number = 5;

/** Thrown to stop at the first error. */
class Stop {
  /** At token `k`, `bytes` into it (a bad character inside a name). */
  constructor(readonly k: number, readonly message: string, readonly bytes = 0) {}
}

/** The first syntax error of a file (or its first `missing return`), as gc reports it. */
export function checkSyntax(tokens: Tokens): SyntaxCheck {
  const p = new Parser(tokens);
  try {
    p.file();
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    return { error: { line: tokens.line(e.k), col: tokens.col(e.k) + e.bytes, message: e.message } };
  }
  if (p.typeErrorAt >= 0) return { typeError: { line: tokens.line(p.typeErrorAt), col: tokens.col(p.typeErrorAt), message: p.typeErrorMessage } };
  return {};
}

class Parser {
  private readonly codes: Uint8Array;
  /** Index of the current token. */
  private k = -1;
  /** Code of the current token (SEMI for an inserted semicolon, EOF at the end). */
  private tok = EOF;
  /** What an inserted semicolon stands for: `newline` or `EOF` (`semicolon` when written). */
  private semiLit = '';
  /** The token before asks for a semicolon at a newline (gc's nlsemi). */
  private nlsemi = false;
  /** Expression nesting: -1 in a statement header, where `{` opens the block (gc's xnest). */
  private xnest = 0;
  /** The earliest type-check error seen (a token index, else -1) and its message. */
  typeErrorAt = -1;
  typeErrorMessage = '';
  /** Breakable statements (for, switch, select) being parsed: their label token (-1: none) and whether a break targets them. */
  private readonly breakLabels: number[] = [];
  private readonly broken: boolean[] = [];
  /** The label of the statement being parsed, when it is labeled (-1: none). */
  private label = -1;
  /** Where the current func body's breakables start in `breakLabels`; how many for loops enclose the statement. */
  private breakBase = 0;
  private loops = 0;
  /** Labels defined (their token) and used by goto, break and continue (their token; whether by goto) in the funcs being parsed. */
  private readonly labelDefs: number[] = [];
  private readonly labelUses: number[] = [];
  private readonly labelGotos: boolean[] = [];
  /** The current body's earliest branch error (a token index, else -1) and its message. */
  private branchAt = -1;
  private branchMessage = '';
  /** The name token of the last operand that was a name (to see `panic(…)`). */
  private lastName = -1;
  // What the last simple statement was (for the header's "cannot use … as value").
  private simpleAt = 0;
  private lhsFrom = 0;
  private lhsTo = 0;
  private rhsFrom = 0;
  private rhsTo = 0;
  private lhsFlags = 0;
  private rhsFlags = 0;
  // The parameters of the parameter lists being parsed: per parameter, name token (-1: none) and first type token (-1: none).
  private params = new Int32Array(256);
  /** How many numbers of `params` are in use (two per parameter). */
  private paramsTop = 0;
  /** `paramDecl`'s second result: the parameter's first type token (-1: none). */
  private declType = -1;
  /** `argList`'s other results: the last argument's bits, and whether it ended with `...`. */
  private argLast = 0;
  private argDots = false;
  /** `typeList`'s second result: whether a comma followed its first element. */
  private listComma = false;
  /** The last top-level declaration was a func without a body. */
  private bodyless = false;

  constructor(private readonly tokens: Tokens) {
    this.codes = tokenCodes(tokens);
    this.next();
  }

  // ---- tokens

  private next(): void {
    const codes = this.codes;
    let k = this.k;
    if (k >= 0 && codes[k] === END) {
      this.tok = EOF; // after the semicolon inserted at the end
      return;
    }
    for (;;) {
      k++;
      const c = codes[k]!;
      if (c === NEWLINE) {
        if (!this.nlsemi) continue;
        this.k = k;
        this.tok = SEMI;
        this.semiLit = 'newline';
        this.nlsemi = false;
        return;
      }
      if (c === END) {
        this.k = k;
        this.tok = this.nlsemi ? SEMI : EOF;
        this.semiLit = 'EOF';
        this.nlsemi = false;
        return;
      }
      this.k = k;
      if (c === BAD) throw this.badChar(k);
      this.tok = c;
      if (c === SEMI) this.semiLit = 'semicolon';
      this.nlsemi = c === NAME || c === LIT || c === RPAREN || c === RBRACK || c === RBRACE || c === INC_OP || c === BREAK || c === CONTINUE || c === FALLTHROUGH || c === RETURN;
      return;
    }
  }

  /** The current token's index (for positions). */
  private pos(): number {
    return this.k;
  }

  private badChar(k: number): Stop {
    const text = this.tokens.source(k);
    const at = badIdentChar(text);
    const ch = String.fromCodePoint(text.codePointAt(Math.max(0, at))!);
    const u = `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} '${ch}'`;
    if (at >= 0 && this.tokens.kind(k) === 'ident') return new Stop(k, `invalid character ${u} in identifier`, utf8Length(text, 0, at));
    return new Stop(k, `invalid character ${u}`);
  }

  private got(tok: number): boolean {
    if (this.tok !== tok) return false;
    this.next();
    return true;
  }

  private want(tok: number): void {
    if (!this.got(tok)) throw this.syntaxError(`expected ${tokstring(tok)}`);
  }

  private is(text: string): boolean {
    return this.tokens.is(this.k, text);
  }

  /** How gc names the current token in "unexpected X". */
  private describe(): string {
    const k = this.k;
    switch (this.tok) {
      case NAME: return `name ${this.tokens.source(k)}`;
      case SEMI: return this.semiLit;
      case LIT: return `literal ${this.tokens.source(k)}`;
      case EOF: return 'EOF';
      case COMMA: return 'comma';
      default: return this.tok >= BREAK ? `keyword ${KEYWORDS[this.tok - BREAK]}` : this.tokens.source(k);
    }
  }

  /** Binary precedence of the current operator (0: unary only), as Go's spec orders them. */
  private precedence(): number {
    const t = this.tokens;
    const k = this.k;
    const a = t.charAt(k, 0);
    if (t.width(k) === 1) {
      if (a === 0x3c || a === 0x3e) return 3; // < >
      if (a === 0x2b || a === 0x2d || a === 0x7c || a === 0x5e) return 4; // + - | ^
      if (a === 0x2f || a === 0x25 || a === 0x26) return 5; // / % &
      return 0; // ! ~
    }
    const b = t.charAt(k, 1);
    if (a === 0x7c) return 1; // ||
    if (a === 0x26) return b === 0x26 ? 2 : 5; // && &^
    if (b === 0x3d) return 3; // == != <= >=
    return 5; // << >>
  }

  /** gc's syntaxErrorAt: `in …`/`at …`/`after …` and `expected …` follow "unexpected X"; anything else stands alone. */
  private syntaxError(msg: string, at = this.pos()): Stop {
    if (/^(in|at|after) /.test(msg)) return new Stop(at, `syntax error: unexpected ${this.describe()} ${msg}`);
    if (msg.startsWith('expected ')) return new Stop(at, `syntax error: unexpected ${this.describe()}, ${msg}`);
    return new Stop(at, `syntax error: ${msg}`);
  }

  /** gc's `list`: elements separated by `sep`, optionally ending with one, closed by `close`. */
  private list(context: string, sep: number, close: number, f: () => boolean): void {
    let done = false;
    while (this.tok !== EOF && this.tok !== close && !done) {
      done = f();
      if (!this.got(sep) && this.tok !== close) throw this.syntaxError(`in ${context}; possibly missing ${tokstring(sep)} or ${tokstring(close)}`);
    }
    this.want(close);
  }

  // ---- declarations

  file(): void {
    if (!this.got(PACKAGE)) throw this.syntaxError('package statement must be first');
    this.name();
    this.want(SEMI);
    let prev = IMPORT;
    while (this.tok !== EOF) {
      if (this.tok === IMPORT && prev !== IMPORT) throw this.syntaxError('imports must appear before other declarations');
      prev = this.tok;
      switch (this.tok) {
        case IMPORT:
          this.next();
          this.group(() => this.importSpec());
          this.bodyless = false;
          break;
        case CONST:
          this.next();
          this.group(() => this.constSpec());
          this.bodyless = false;
          break;
        case TYPE:
          this.next();
          this.group(() => this.typeSpec());
          this.bodyless = false;
          break;
        case VAR:
          this.next();
          this.group(() => this.varSpec());
          this.bodyless = false;
          break;
        case FUNC:
          this.next();
          this.funcDecl();
          break;
        default:
          if (this.tok === LBRACE && this.bodyless) throw this.syntaxError('unexpected semicolon or newline before {');
          throw this.syntaxError('non-declaration statement outside function body');
      }
      if (this.tok !== EOF && !this.got(SEMI)) throw this.syntaxError('after top level declaration');
    }
  }

  private group(spec: () => void): void {
    if (this.tok === LPAREN) {
      this.next();
      this.list('grouped declaration', SEMI, RPAREN, () => {
        spec();
        return false;
      });
    } else spec();
  }

  private importSpec(): void {
    if (this.tok === NAME) this.next();
    else if (this.tok === DOT) this.next();
    if (this.tok !== LIT) throw this.syntaxError('missing import path');
    if (this.tokens.kind(this.k) !== 'string') throw this.syntaxError('import path must be a string');
    this.next();
  }

  private constSpec(): void {
    this.nameList();
    if (this.tok !== EOF && this.tok !== SEMI && this.tok !== RPAREN) {
      this.typeOrNil();
      if (this.gotAssign()) this.exprList();
    }
  }

  private varSpec(): void {
    this.nameList();
    if (this.gotAssign()) this.exprList();
    else {
      this.type();
      if (this.gotAssign()) this.exprList();
    }
  }

  private typeSpec(): void {
    this.name();
    let typed: boolean;
    if (this.tok === LBRACK) {
      // an array or slice type, or a type parameter list: gc's rule decides
      this.next();
      if (this.tok === NAME) {
        let x = K_NAME;
        this.next();
        if (this.tok !== LBRACK) {
          this.xnest++;
          x = this.binaryExpr(this.pexpr(K_NAME), 0);
          this.xnest--;
        }
        const tparams = isName(x) ? this.tok !== RBRACK : (x & (this.tok === COMMA ? SPLITS_FORCED : SPLITS)) !== 0;
        if (tparams) {
          this.paramList(RBRACK, true, isName(x) ? 1 : 2);
          this.gotAssign();
          typed = this.typeOrNil() !== 0;
        } else typed = this.arrayType(true) !== 0;
      } else if (this.tok === RBRACK) {
        this.next();
        this.type();
        typed = true;
      } else typed = this.arrayType(false) !== 0;
    } else {
      this.gotAssign();
      typed = this.typeOrNil() !== 0;
    }
    if (!typed) throw this.syntaxError('in type declaration');
  }

  private funcDecl(): void {
    let context = '';
    if (this.got(LPAREN)) {
      context = 'method';
      const n = this.paramList(RPAREN, false, 0);
      if (n === 0) throw new Stop(this.pos(), 'method has no receiver');
      if (n > 1) throw new Stop(this.pos(), 'method has multiple receivers');
    }
    if (this.tok !== NAME) throw this.syntaxError(context ? 'expected name' : 'expected name or (');
    this.next();
    const results = this.funcType(context);
    this.bodyless = this.tok !== LBRACE;
    if (this.tok === LBRACE) this.funcBody(results);
  }

  private funcBody(results: boolean): void {
    // a func (literal) has its own labels and its own loops (gc's checkBranches)
    const defs = this.labelDefs.length;
    const uses = this.labelUses.length;
    const base = this.breakBase;
    const loops = this.loops;
    this.breakBase = this.breakLabels.length;
    this.loops = 0;
    this.branchAt = -1;
    const terminating = this.block();
    const rbrace = this.lastRbrace;
    if (this.labelDefs.length > defs || this.labelUses.length > uses) this.checkLabels(defs, uses);
    if (this.branchAt >= 0) throw new Stop(this.branchAt, this.branchMessage);
    this.breakBase = base;
    this.loops = loops;
    if (results && !terminating) this.typeError(rbrace, 'missing return');
  }

  /** gc's checkBranches on a body's labels: each defined one used, each goto's defined (the body's are from `defs`, `uses`). */
  private checkLabels(defs: number, uses: number): void {
    const t = this.tokens;
    for (let u = uses; u < this.labelUses.length; u++) {
      const use = this.labelUses[u]!;
      let defined = false;
      for (let d = defs; d < this.labelDefs.length && !defined; d++) defined = t.same(this.labelDefs[d]!, use);
      if (!defined && this.labelGotos[u]) this.branchError(use, `label ${t.source(use)} not defined`);
    }
    for (let d = defs; d < this.labelDefs.length; d++) {
      const def = this.labelDefs[d]!;
      let used = false;
      for (let u = uses; u < this.labelUses.length && !used; u++) used = t.same(def, this.labelUses[u]!);
      if (!used) this.branchError(def, `label ${t.source(def)} defined and not used`);
    }
    this.labelDefs.length = defs;
    this.labelUses.length = uses;
    this.labelGotos.length = uses;
  }

  /** Keeps the earliest branch error of the body being parsed. */
  private branchError(k: number, message: string): void {
    if (this.branchAt >= 0 && this.branchAt <= k) return;
    this.branchAt = k;
    this.branchMessage = message;
  }

  private typeError(k: number, message: string): void {
    if (this.typeErrorAt >= 0 && this.typeErrorAt <= k) return;
    this.typeErrorAt = k;
    this.typeErrorMessage = message;
  }

  /** `=`, or `:=` reported as gc does. */
  private gotAssign(): boolean {
    if (this.tok === DEFINE) throw this.syntaxError('expected =');
    return this.got(ASSIGN);
  }

  private name(): void {
    if (this.tok !== NAME) throw this.syntaxError('expected name');
    this.next();
  }

  private nameList(): void {
    this.name();
    while (this.got(COMMA)) this.name();
  }

  // ---- expressions

  private expr(): number {
    return this.binaryExpr(this.unaryExpr(), 0);
  }

  private exprList(): number {
    const x = this.expr();
    if (!this.got(COMMA)) return x;
    this.expr();
    while (this.got(COMMA)) this.expr();
    return LIST | VALUE;
  }

  private binaryExpr(x: number, prec: number): number {
    while (this.tok === OP || this.tok === STAR) {
      const tprec = this.tok === STAR ? 5 : this.precedence();
      if (tprec <= prec) break;
      const mul = this.tok === STAR;
      const or = !mul && this.is('|');
      this.next();
      const y = this.binaryExpr(this.unaryExpr(), tprec);
      let splits = 0;
      if (mul && isName(x)) splits = SPLITS_FORCED | (y & TYPE_ELEM ? SPLITS : 0);
      else if (or) splits = (x & SPLITS_FORCED ? SPLITS_FORCED : 0) | ((y & TYPE_ELEM ? x & SPLITS_FORCED : x & SPLITS) ? SPLITS : 0);
      x = K_OPERATION | BINARY | VALUE | ((x | y) & TYPE_ELEM) | splits;
    }
    return x;
  }

  private unaryExpr(): number {
    if (this.tok === STAR || this.tok === OP) {
      const c = this.tokens.charAt(this.k, 0);
      const w = this.tokens.width(this.k);
      if (w === 1 && (c === 0x2a || c === 0x2b || c === 0x2d || c === 0x21 || c === 0x5e || c === 0x7e || c === 0x26)) {
        this.next();
        const x = this.unaryExpr();
        if (c === 0x2a) return K_POINTER | (x & TYPE_ELEM); // *x: a type or a value
        return K_OPERATION | VALUE | (x & TYPE_ELEM) | (c === 0x7e ? TYPE_ELEM : 0);
      }
    }
    if (this.tok === ARROW) {
      this.next();
      const x = this.unaryExpr();
      if ((x & (KIND | PAREN)) === K_CHAN) return x; // <-chan T
      return K_OPERATION | VALUE | (x & TYPE_ELEM);
    }
    return this.pexpr(this.operand());
  }

  /** An operand; one in parentheses is kept as such (gc drops them only where no `(` can start one). */
  private operand(): number {
    switch (this.tok) {
      case NAME:
        this.lastName = this.k;
        this.next();
        return K_NAME;
      case LIT:
        this.next();
        return K_OTHER | VALUE;
      case LPAREN: {
        this.next();
        this.xnest++;
        const x = this.expr();
        this.xnest--;
        this.want(RPAREN);
        return x | PAREN;
      }
      case FUNC: {
        this.next();
        const results = this.funcType('function type');
        if (this.tok !== LBRACE) return K_FUNC_TYPE | TYPE_ELEM;
        this.xnest++;
        this.funcBody(results);
        this.xnest--;
        return K_OTHER | VALUE;
      }
      case LBRACK: case CHAN: case MAP: case STRUCT: case INTERFACE:
        return this.type();
      default:
        throw this.syntaxError('expected expression');
    }
  }

  private pexpr(x: number): number {
    for (;;) {
      switch (this.tok) {
        case DOT:
          this.next();
          if (this.tok === NAME) {
            this.next();
            x = K_SELECTOR;
          } else if (this.tok === LPAREN) {
            this.next();
            if (this.got(TYPE)) x = K_TYPE_SWITCH | VALUE;
            else {
              this.type();
              x = K_OTHER | VALUE;
            }
            this.want(RPAREN);
          } else throw this.syntaxError('expected name or (');
          break;
        case LBRACK: {
          this.next();
          let index = 0;
          if (this.tok !== COLON) {
            if (this.tok === RBRACK) throw this.syntaxError('expected operand');
            index = this.typeList(false);
            const comma = this.listComma;
            if (comma || this.tok === RBRACK) {
              this.want(RBRACK);
              x = K_INDEX | ((x & VALUE) || (!comma && index & VALUE) ? VALUE : 0);
              break;
            }
          }
          if (!this.got(COLON)) throw this.syntaxError('expected comma, : or ]');
          this.xnest++;
          let middle = false;
          if (this.tok !== COLON && this.tok !== RBRACK) {
            this.expr();
            middle = true;
          }
          if (this.tok === COLON) {
            if (!middle) throw new Stop(this.pos(), 'middle index required in 3-index slice');
            this.next();
            if (this.tok === RBRACK) throw new Stop(this.pos(), 'final index required in 3-index slice');
            this.expr();
          }
          this.xnest--;
          this.want(RBRACK);
          x = K_OTHER | VALUE;
          break;
        }
        case LPAREN: {
          const fun = x;
          const panic = isName(fun) && this.tokens.is(this.lastName, 'panic');
          this.next();
          const n = this.argList();
          const splits = isName(fun) && n === 1 && !this.argDots ? SPLITS_FORCED | (this.argLast & TYPE_ELEM ? SPLITS : 0) : 0;
          x = K_CALL | VALUE | splits | (panic ? PANIC : 0);
          break;
        }
        case LBRACE: {
          // a composite literal's type, or the block after a statement header
          const kind = x & KIND;
          let complit = false;
          if (kind === K_NAME || kind === K_SELECTOR) complit = this.xnest >= 0;
          else if (kind === K_INDEX) complit = this.xnest >= 0 && !(x & VALUE);
          else complit = kind === K_ARRAY || kind === K_SLICE || kind === K_STRUCT || kind === K_MAP;
          if (!complit) return x;
          if (x & PAREN) throw this.syntaxError('cannot parenthesize type in composite literal');
          this.complit();
          x = K_OTHER | VALUE;
          break;
        }
        default:
          return x;
      }
    }
  }

  /** Arguments after `(`: how many (the last one's bits and whether it ended with `...` in `argLast`, `argDots`). */
  private argList(): number {
    let n = 0;
    let last = 0;
    let dots = false;
    this.xnest++;
    while (this.tok !== EOF && this.tok !== RPAREN && !dots) {
      last = this.expr();
      n++;
      dots = this.got(DOTS);
      if (!this.got(COMMA) && this.tok !== RPAREN) throw this.syntaxError('in argument list; possibly missing comma or )');
    }
    this.want(RPAREN);
    this.xnest--;
    this.argLast = last;
    this.argDots = dots;
    return n;
  }

  private complit(): void {
    this.xnest++;
    this.want(LBRACE);
    this.list('composite literal', COMMA, RBRACE, () => {
      this.element();
      if (this.tok === COLON) {
        this.next();
        this.element();
      }
      return false;
    });
    this.xnest--;
  }

  private element(): void {
    if (this.tok === LBRACE) this.complit();
    else this.expr();
  }

  /** A list of types (or, unless `strict`, an expression first): its first element's bits (whether a comma followed in `listComma`). */
  private typeList(strict: boolean): number {
    this.xnest++;
    const x = strict ? this.type() : this.expr();
    let comma = false;
    if (this.got(COMMA)) {
      comma = true;
      if (this.typeOrNil() !== 0) while (this.got(COMMA)) if (this.typeOrNil() === 0) break;
    }
    this.xnest--;
    this.listComma = comma;
    return x;
  }

  // ---- types

  private type(): number {
    const t = this.typeOrNil();
    if (t === 0) throw this.syntaxError('expected type');
    return t;
  }

  /** A type's bits (never 0), or 0 when no type starts here. */
  private typeOrNil(): number {
    switch (this.tok) {
      case STAR:
        this.next();
        return K_POINTER | (this.type() & TYPE_ELEM);
      case ARROW:
        this.next();
        this.want(CHAN);
        this.chanElem();
        return K_CHAN | TYPE_ELEM;
      case FUNC:
        this.next();
        this.funcType('function type');
        return K_FUNC_TYPE | TYPE_ELEM;
      case LBRACK:
        this.next();
        if (this.got(RBRACK)) {
          this.type();
          return K_SLICE | TYPE_ELEM;
        }
        return this.arrayType(false);
      case CHAN:
        this.next();
        this.got(ARROW);
        this.chanElem();
        return K_CHAN | TYPE_ELEM;
      case MAP:
        this.next();
        this.want(LBRACK);
        this.type();
        this.want(RBRACK);
        this.type();
        return K_MAP | TYPE_ELEM;
      case STRUCT:
        this.structType();
        return K_STRUCT | TYPE_ELEM;
      case INTERFACE:
        this.interfaceType();
        return K_INTERFACE | TYPE_ELEM;
      case NAME:
        return this.qualifiedName();
      case LPAREN: {
        this.next();
        const t = this.type();
        this.want(RPAREN);
        return t;
      }
      default:
        return 0;
    }
  }

  /** `[` consumed (and, when `hasLength`, the length too): the rest of an array type. */
  private arrayType(hasLength: boolean): number {
    if (!hasLength && !this.got(DOTS)) {
      this.xnest++;
      this.expr();
      this.xnest--;
    }
    if (this.tok === COMMA) throw this.syntaxError('unexpected comma; expected ]');
    this.want(RBRACK);
    this.type();
    return K_ARRAY | TYPE_ELEM;
  }

  private chanElem(): void {
    if (this.typeOrNil() === 0) throw this.syntaxError('missing channel element type');
  }

  /** A type name, qualified or not, with type arguments if any (the name may be consumed already: `named`). */
  private qualifiedName(named = false): number {
    if (!named) this.name();
    let x = K_NAME;
    if (this.tok === DOT) {
      this.next();
      this.name();
      x = K_SELECTOR;
    }
    if (this.tok === LBRACK) {
      this.next();
      if (this.tok === RBRACK) throw this.syntaxError('expected type argument list');
      this.typeList(true);
      this.want(RBRACK);
      x = K_INDEX;
    }
    return x;
  }

  /** A func's type parameters, parameters and results after `func name`; whether it has results. */
  private funcType(context: string): boolean {
    const at = this.pos();
    if (this.got(LBRACK)) {
      if (context) throw this.syntaxError(`${context} must have no type parameters`, at);
      if (this.tok === RBRACK) throw this.syntaxError('empty type parameter list');
      this.paramList(RBRACK, true, 0);
    }
    this.want(LPAREN);
    this.paramList(RPAREN, false, 0);
    if (this.got(LPAREN)) return this.paramList(RPAREN, false, 0) > 0;
    return this.typeOrNil() !== 0;
  }

  private structType(): void {
    this.next();
    this.want(LBRACE);
    this.list('struct type', SEMI, RBRACE, () => {
      this.fieldDecl();
      return false;
    });
  }

  private fieldDecl(): void {
    switch (this.tok) {
      case NAME: {
        this.next();
        if (this.tok === DOT || this.tok === LIT || this.tok === SEMI || this.tok === RBRACE) {
          this.qualifiedName(true); // embedded type
          this.tag();
          return;
        }
        let names = 1;
        while (this.got(COMMA)) {
          this.name();
          names++;
        }
        if (names === 1 && this.tok === LBRACK) this.arrayOrTypeArgs();
        else this.type();
        this.tag();
        return;
      }
      case STAR:
        this.next();
        if (this.tok === LPAREN) throw this.syntaxError('cannot parenthesize embedded type');
        this.qualifiedName();
        this.tag();
        return;
      case LPAREN:
        throw this.syntaxError('cannot parenthesize embedded type');
      default:
        throw this.syntaxError('expected field name or embedded type');
    }
  }

  private tag(): void {
    if (this.tok === LIT) this.next();
  }

  /** After a name: `[n]E` or `[]E` (an array or slice type: true) or `[T1, …]` (type arguments: false). */
  private arrayOrTypeArgs(): boolean {
    this.want(LBRACK);
    if (this.got(RBRACK)) {
      this.type();
      return true;
    }
    this.typeList(false);
    const comma = this.listComma;
    this.want(RBRACK);
    return !comma && this.typeOrNil() !== 0;
  }

  private interfaceType(): void {
    this.next();
    this.want(LBRACE);
    this.list('interface type', SEMI, RBRACE, () => {
      if (this.tok !== NAME) this.embeddedElem(0);
      else if (!this.methodSpec()) this.embeddedElem(-1);
      return false;
    });
  }

  /** A method (true), or the start of an embedded element whose first term is parsed (false). */
  private methodSpec(): boolean {
    this.next();
    if (this.tok === LPAREN) {
      this.funcType('interface method');
      return true;
    }
    if (this.tok === LBRACK) {
      const at = this.pos();
      this.next();
      if (this.tok === RBRACK) {
        const empty = this.pos();
        this.next();
        throw new Stop(empty, this.tok === LPAREN ? 'empty type parameter list' : 'empty type argument list');
      }
      this.paramList(RBRACK, false, 0);
      if (this.lastListNamed) {
        this.funcType('interface method');
        throw new Stop(at, 'interface method must have no type parameters');
      }
      return false;
    }
    if (this.tok === DOT) {
      this.next();
      this.name();
      if (this.tok === LBRACK) {
        this.next();
        if (this.tok === RBRACK) throw this.syntaxError('expected type argument list');
        this.typeList(true);
        this.want(RBRACK);
      }
    }
    return false;
  }

  /** Terms joined by `|`; `first` -1: the first term is parsed already; 0: parse it. */
  private embeddedElem(first: number): void {
    if (first === 0) this.embeddedTerm();
    while (this.tok === OP && this.is('|')) {
      this.next();
      this.embeddedTerm();
    }
  }

  private embeddedTerm(): void {
    if (this.tok === OP && this.is('~')) {
      this.next();
      this.type();
      return;
    }
    if (this.typeOrNil() === 0) throw this.syntaxError('expected ~ term or type');
  }

  /** Whether the last parameter list had named parameters (a generic interface method's). */
  private lastListNamed = false;

  /**
   * A parameter list after its `[` or `(` (type parameters when `requireNames`), up to and
   * including `close`; how many parameters. `given`: 1 when its first name is consumed
   * already, 2 when its first name and type are (a type declaration's `[P *C …`).
   */
  private paramList(close: number, requireNames: boolean, given: number): number {
    const base = this.paramsTop;
    let named = 0;
    let typed = 0;
    let end = -1;
    if (given === 2 && this.tok === close) {
      this.next();
      this.lastListNamed = true;
      return 1;
    }
    let first = given;
    const firstName = this.k - 1;
    while (this.tok !== EOF && this.tok !== close) {
      let name = -1;
      let type = -1;
      if (first === 2) {
        name = firstName;
        type = firstName;
      } else {
        name = this.paramDecl(first === 1 ? firstName : -1, close);
        type = this.declType;
      }
      first = 0;
      if (this.paramsTop + 2 > this.params.length) {
        const more = new Int32Array(this.params.length * 2);
        more.set(this.params);
        this.params = more;
      }
      this.params[this.paramsTop++] = name;
      this.params[this.paramsTop++] = type;
      if (name >= 0 && type >= 0) named++;
      if (type >= 0) typed++;
      if (!this.got(COMMA) && this.tok !== close) throw this.syntaxError(`in parameter list; possibly missing comma or ${tokstring(close)}`);
    }
    end = this.pos();
    this.want(close);
    const n = (this.paramsTop - base) / 2;
    const params = this.params;
    this.lastListNamed = named > 0 || requireNames;
    if (n > 0 && (named !== 0 || requireNames) && named !== n) {
      // some named, or type parameters: all must be named; the leftmost culprit, found right to left as gc does
      let errAt = -1;
      let haveType = false;
      for (let i = this.paramsTop - 2; i >= base; i -= 2) {
        if (params[i + 1]! >= 0) {
          haveType = true;
          if (params[i]! < 0) errAt = params[i + 1]!;
        } else if (!haveType) errAt = params[i]!;
      }
      if (errAt >= 0) {
        let msg = 'mixed named and unnamed parameters';
        if (requireNames) {
          if (named === typed) {
            errAt = end;
            msg = 'missing type constraint';
          } else msg = n === 1 ? 'missing type parameter name or invalid array length' : 'missing type parameter name';
        }
        this.paramsTop = base;
        throw new Stop(errAt, `syntax error: ${msg}`);
      }
    }
    this.paramsTop = base;
    return n;
  }

  /** One parameter: its name token, and in `declType` its first type token (-1 when absent). `name`: its name, consumed already. */
  private paramDecl(name: number, close: number): number {
    const typeSets = close === RBRACK;
    if (name < 0 && typeSets && this.tok === OP && this.is('~')) {
      const at = this.pos();
      this.embeddedElem(0);
      return this.decl(-1, at);
    }
    if (this.tok === NAME || name >= 0) {
      if (name < 0) {
        name = this.pos();
        this.next();
      }
      if (this.tok === LBRACK) {
        const at = name;
        const array = this.arrayOrTypeArgs();
        if (typeSets && this.tok === OP && this.is('|')) this.embeddedElem(-1);
        return array ? this.decl(name, at + 1) : this.decl(-1, at);
      }
      if (this.tok === DOT) {
        this.qualifiedName(true);
        if (typeSets && this.tok === OP && this.is('|')) this.embeddedElem(-1);
        return this.decl(-1, name);
      }
      if (typeSets && this.tok === OP && this.is('|')) {
        this.embeddedElem(-1);
        return this.decl(-1, name);
      }
    }
    if (this.tok === DOTS) {
      const at = this.pos();
      this.next();
      if (this.typeOrNil() === 0) throw this.syntaxError('... is missing type');
      return this.decl(name, at);
    }
    if (typeSets && this.tok === OP && this.is('~')) {
      const at = this.pos();
      this.embeddedElem(0);
      return this.decl(name, at);
    }
    const at = this.pos();
    const t = this.typeOrNil();
    if (t !== 0 && typeSets && this.tok === OP && this.is('|')) this.embeddedElem(-1);
    if (name >= 0 || t !== 0) return this.decl(name, t !== 0 ? at : -1);
    throw this.syntaxError(`expected ${tokstring(close)}`);
  }

  private decl(name: number, type: number): number {
    this.declType = type;
    return name;
  }

  // ---- statements

  /** `{ statements }`: whether it is terminating; `lastRbrace` is its `}`. */
  private lastRbrace = -1;

  private block(context = ''): boolean {
    if (!this.got(LBRACE)) throw this.syntaxError(`expected { after ${context}`);
    const terminating = this.stmtList();
    this.lastRbrace = this.pos();
    this.want(RBRACE);
    return terminating;
  }

  /** Statements up to `}`, `case`, `default` or EOF; whether the last non-empty one is terminating. */
  private stmtList(): boolean {
    let terminating = false;
    while (this.tok !== EOF && this.tok !== RBRACE && this.tok !== CASE && this.tok !== DEFAULT) {
      const s = this.stmt();
      if (s === 0) break;
      if (s !== 3) terminating = s === 2;
      if (!this.got(SEMI) && this.tok !== RBRACE) throw this.syntaxError('at end of statement');
    }
    return terminating;
  }

  /** One statement: 0 none here, 1 one, 2 a terminating one, 3 an empty one. */
  private stmt(): number {
    const label = this.label;
    this.label = -1;
    switch (this.tok) {
      case NAME: {
        const at = this.k;
        const lhs = this.exprList();
        if (isName(lhs) && this.tok === COLON) return this.labeled(at);
        return this.simpleStmt(lhs, 0, at) === S_EXPR && this.lhsFlags & PANIC ? 2 : 1;
      }
      case VAR:
        this.next();
        this.group(() => this.varSpec());
        return 1;
      case CONST:
        this.next();
        this.group(() => this.constSpec());
        return 1;
      case TYPE:
        this.next();
        this.group(() => this.typeSpec());
        return 1;
      case LBRACE:
        return this.block() ? 2 : 1;
      case OP: case STAR: {
        const c = this.tokens.charAt(this.k, 0);
        if (this.tokens.width(this.k) === 1 && (c === 0x2b || c === 0x2d || c === 0x2a || c === 0x26 || c === 0x5e || c === 0x21)) {
          return this.simpleStmt(-1, 0, this.k) === S_EXPR && this.lhsFlags & PANIC ? 2 : 1;
        }
        return 0;
      }
      case LIT: case FUNC: case LPAREN: case LBRACK: case STRUCT: case MAP: case CHAN: case INTERFACE: case ARROW:
        return this.simpleStmt(-1, 0, this.k) === S_EXPR && this.lhsFlags & PANIC ? 2 : 1;
      case FOR:
        return this.forStmt(label);
      case SWITCH:
        return this.switchStmt(label);
      case SELECT:
        return this.selectStmt(label);
      case IF:
        return this.ifStmt();
      case FALLTHROUGH:
        this.next();
        return 2;
      case BREAK: case CONTINUE: {
        const isBreak = this.tok === BREAK;
        const at = this.k;
        this.next();
        let target = -1;
        if (this.tok === NAME) {
          target = this.k;
          this.labelUses.push(target);
          this.labelGotos.push(false);
          this.next();
        } else if (isBreak && this.breakLabels.length === this.breakBase) this.branchError(at, 'break is not in a loop, switch, or select');
        else if (!isBreak && this.loops === 0) this.branchError(at, 'continue is not in a loop');
        if (isBreak) this.markBreak(target);
        return 1;
      }
      case GO: case DEFER: {
        const keyword = this.tok === GO ? 'go' : 'defer';
        this.next();
        const at = this.pos();
        const x = this.pexpr(this.operand());
        if (x & PAREN) throw new Stop(at, `expression in ${keyword} must not be parenthesized`);
        if ((x & KIND) !== K_CALL) this.typeError(at, `expression in ${keyword} must be function call`);
        return 1;
      }
      case GOTO:
        this.next();
        if (this.tok === NAME) {
          this.labelUses.push(this.k);
          this.labelGotos.push(true);
        }
        this.name();
        return 2;
      case RETURN:
        this.next();
        if (this.tok !== SEMI && this.tok !== RBRACE) this.exprList();
        return 2;
      case SEMI:
        return 3;
      default:
        return 0;
    }
  }

  private labeled(at: number): number {
    this.labelDefs.push(at);
    const colon = this.pos();
    this.want(COLON);
    if (this.tok === RBRACE) return 1;
    this.label = at;
    const s = this.stmt();
    this.label = -1;
    if (s === 0) throw new Stop(colon, 'syntax error: missing statement after label');
    return s === 2 ? 2 : 1;
  }

  /** A `break` (to `target`, a label token, or the innermost breakable when -1) marks its statement as broken. */
  private markBreak(target: number): void {
    const labels = this.breakLabels;
    if (target < 0) {
      if (labels.length > this.breakBase) this.broken[labels.length - 1] = true;
      return;
    }
    for (let i = labels.length - 1; i >= this.breakBase; i--) {
      if (labels[i]! >= 0 && this.tokens.same(labels[i]!, target)) {
        this.broken[i] = true;
        return;
      }
    }
  }

  private enterBreakable(label: number): void {
    this.breakLabels.push(label);
    this.broken.push(false);
  }

  private leaveBreakable(): boolean {
    this.breakLabels.pop();
    return this.broken.pop()!;
  }

  /**
   * A simple statement (the expression list `lhs` already parsed, from token `from`, unless
   * -1); its kind. In a header (`keyword`) a range clause is allowed after for, and a type
   * switch guard after switch.
   */
  private simpleStmt(lhs: number, keyword: number, from: number): number {
    if (keyword === FOR && this.tok === RANGE) {
      this.next();
      this.expr();
      return S_RANGE;
    }
    if (lhs === -1) lhs = this.exprList();
    this.lhsFrom = from;
    this.lhsTo = this.k;
    this.lhsFlags = lhs;
    this.simpleAt = this.pos();
    if (!(lhs & LIST) && this.tok !== ASSIGN && this.tok !== DEFINE) {
      switch (this.tok) {
        case ASSIGN_OP:
          this.next();
          this.expr();
          return S_OTHER;
        case INC_OP:
          this.next();
          return S_OTHER;
        case ARROW:
          this.next();
          this.expr();
          return S_OTHER;
        default:
          this.simpleAt = from;
          return S_EXPR;
      }
    }
    if (this.tok !== ASSIGN && this.tok !== DEFINE) throw this.syntaxError('expected := or = or comma');
    const define = this.tok === DEFINE;
    const at = this.pos();
    this.next();
    if (keyword === FOR && this.tok === RANGE) {
      this.next();
      this.expr();
      return S_RANGE;
    }
    this.rhsFrom = this.k;
    const rhs = this.exprList();
    this.rhsTo = this.k;
    this.rhsFlags = rhs;
    this.simpleAt = at;
    if ((rhs & KIND) === K_TYPE_SWITCH && !(rhs & LIST) && keyword === SWITCH && define && isName(lhs)) {
      return S_EXPR;
    }
    return define ? S_DEFINE : S_ASSIGN;
  }

  /** A statement header after if/for/switch: init; cond; post (for). Returns 0 (no condition), 1 (a condition) or 2 (a range clause). */
  private header(keyword: number): number {
    if (this.tok === LBRACE) {
      if (keyword === IF) throw this.syntaxError('missing condition in if statement');
      return 0;
    }
    const outer = this.xnest;
    this.xnest = -1;
    let init = 0;
    if (this.tok !== SEMI) {
      if (this.tok === VAR) {
        this.next();
        throw this.syntaxError(`var declaration not allowed in ${tokstring(keyword)} initializer`);
      }
      init = this.simpleStmt(-1, keyword, this.k);
      if (init === S_RANGE) {
        this.xnest = outer;
        return 2;
      }
    }
    let cond = 0;
    let semiAt = -1;
    let semiLit = '';
    if (this.tok !== LBRACE) {
      if (this.tok === SEMI) {
        semiAt = this.pos();
        semiLit = this.semiLit;
        this.next();
      } else this.want(LBRACE);
      if (keyword === FOR) {
        if (this.tok !== SEMI) {
          if (this.tok === LBRACE) throw this.syntaxError('expected for loop condition');
          cond = this.simpleStmt(-1, 0, this.k);
          this.checkCond(cond);
        }
        this.want(SEMI);
        if (this.tok !== LBRACE) {
          const post = this.simpleStmt(-1, 0, this.k);
          if (post === S_DEFINE) throw new Stop(this.simpleAt, 'syntax error: cannot declare in post statement of for loop');
        }
        this.xnest = outer;
        return cond !== 0 ? 1 : 0;
      }
      if (this.tok !== LBRACE) cond = this.simpleStmt(-1, keyword, this.k);
    } else cond = init;
    if (cond === 0) {
      if (keyword === IF && semiAt >= 0) {
        throw new Stop(semiAt, semiLit !== 'semicolon' ? `syntax error: unexpected ${semiLit}, expected { after if clause` : 'syntax error: missing condition in if statement');
      }
    } else this.checkCond(cond);
    this.xnest = outer;
    return cond !== 0 ? 1 : 0;
  }

  /** gc's "cannot use … as value" when a header's condition is a statement (`if x = 1 {`). */
  private checkCond(kind: number): void {
    if (kind === S_EXPR) return;
    let text: string;
    if (kind === S_ASSIGN) text = `assignment ${this.emphasized(this.lhsFrom, this.lhsTo, this.lhsFlags)} = ${this.emphasized(this.rhsFrom, this.rhsTo, this.rhsFlags)}`;
    else text = this.printed(this.lhsFrom, this.k);
    throw new Stop(this.simpleAt, `syntax error: cannot use ${text} as value`);
  }

  private emphasized(from: number, to: number, flags: number): string {
    const text = this.printed(from, to);
    return (flags & (BINARY | PAREN | LIST)) === BINARY ? `(${text})` : text;
  }

  /** Tokens `[from, to)` printed as gc's syntax printer spaces them (binary operators and `,` spaced). */
  private printed(from: number, to: number): string {
    let out = '';
    let prevOperand = false;
    for (let k = from; k < to; k++) {
      const c = this.codes[k]!;
      if (c === NEWLINE || c === END) continue;
      const text = this.tokens.source(k);
      if ((c === OP || c === STAR || c === ARROW) && prevOperand) out += ` ${text} `;
      else if (c === ASSIGN || c === DEFINE || c === ASSIGN_OP) out += ` ${text} `;
      else if (c === COMMA) out += ', ';
      else if (c >= BREAK && c !== FUNC && c !== MAP && c !== CHAN && c !== STRUCT && c !== INTERFACE) out += `${text} `;
      else out += text;
      prevOperand = c === NAME || c === LIT || c === RPAREN || c === RBRACK || c === RBRACE;
    }
    return out.trim();
  }

  private ifStmt(): number {
    this.next();
    this.header(IF);
    const then = this.block('if clause');
    if (!this.got(ELSE)) return 1;
    if (this.tok === IF) return this.ifStmt() === 2 && then ? 2 : 1;
    if (this.tok === LBRACE) return this.block() && then ? 2 : 1;
    throw this.syntaxError('else must be followed by if or statement block');
  }

  private forStmt(label: number): number {
    this.next();
    const infinite = this.header(FOR) === 0;
    this.enterBreakable(label);
    this.loops++;
    this.block('for clause');
    this.loops--;
    const broken = this.leaveBreakable();
    return infinite && !broken ? 2 : 1;
  }

  private switchStmt(label: number): number {
    this.next();
    this.header(SWITCH);
    if (!this.got(LBRACE)) throw this.syntaxError('missing { after switch clause');
    this.enterBreakable(label);
    let terminating = true;
    let hasDefault = false;
    while (this.tok !== EOF && this.tok !== RBRACE) {
      if (this.tok === CASE) {
        this.next();
        this.exprList();
      } else if (this.tok === DEFAULT) {
        this.next();
        hasDefault = true;
      } else throw this.syntaxError('expected case or default or }');
      this.want(COLON);
      if (!this.stmtList()) terminating = false;
    }
    this.want(RBRACE);
    const broken = this.leaveBreakable();
    return terminating && hasDefault && !broken ? 2 : 1;
  }

  private selectStmt(label: number): number {
    this.next();
    if (!this.got(LBRACE)) throw this.syntaxError('missing { after select clause');
    this.enterBreakable(label);
    let terminating = true;
    while (this.tok !== EOF && this.tok !== RBRACE) {
      if (this.tok === CASE) {
        this.next();
        this.simpleStmt(-1, 0, this.k);
      } else if (this.tok === DEFAULT) this.next();
      else throw this.syntaxError('expected case or default or }');
      this.want(COLON);
      if (!this.stmtList()) terminating = false;
    }
    this.want(RBRACE);
    const broken = this.leaveBreakable();
    return terminating && !broken ? 2 : 1;
  }
}

/** gc's tokstring: the word for a token in "expected X". */
function tokstring(tok: number): string {
  switch (tok) {
    case COMMA: return 'comma';
    case SEMI: return 'semicolon or newline';
    case LPAREN: return '(';
    case LBRACK: return '[';
    case LBRACE: return '{';
    case RPAREN: return ')';
    case RBRACK: return ']';
    case RBRACE: return '}';
    case COLON: return ':';
    case ASSIGN: return '=';
    case DOT: return '.';
    case NAME: return 'name';
    case EOF: return 'EOF';
    default: return tok >= BREAK && tok <= VAR ? KEYWORDS[tok - BREAK]! : '?';
  }
}
