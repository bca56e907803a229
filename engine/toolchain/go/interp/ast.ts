/**
 * The tree the simulated Go runs: the subset of Go's syntax that `interp` executes, plus an
 * `unsupported` node for anything else, which fails only when it runs (`go build` has
 * already checked the whole syntax). Every node keeps its line.
 */

/** An expression. */
export type Expr =
  | { readonly k: 'ident'; readonly name: string; readonly line: number }
  | { readonly k: 'string'; readonly value: string; readonly line: number }
  | { readonly k: 'int'; readonly value: number; readonly line: number }
  | { readonly k: 'binary'; readonly op: string; readonly x: Expr; readonly y: Expr; readonly line: number }
  | { readonly k: 'unary'; readonly op: string; readonly x: Expr; readonly line: number }
  | { readonly k: 'call'; readonly fn: Expr; readonly args: readonly Expr[]; readonly spread: boolean; readonly line: number }
  | { readonly k: 'selector'; readonly x: Expr; readonly name: string; readonly line: number }
  | { readonly k: 'funclit'; readonly fn: FuncDef; readonly line: number }
  /** A type used as a value: the operand of a conversion (`[]byte(s)`, `string(b)` is an ident). */
  | { readonly k: 'type'; readonly text: string; readonly line: number }
  | Unsupported;

/** A construct outside the subset: `what` names it in the run-time message. */
export interface Unsupported {
  readonly k: 'unsupported';
  readonly what: string;
  readonly line: number;
}

/** A statement. */
export type Stmt =
  | { readonly k: 'expr'; readonly x: Expr; readonly line: number }
  | { readonly k: 'define'; readonly names: readonly string[]; readonly values: readonly Expr[]; readonly line: number }
  | { readonly k: 'assign'; readonly op: string; readonly targets: readonly Expr[]; readonly values: readonly Expr[]; readonly line: number }
  | { readonly k: 'incdec'; readonly op: '++' | '--'; readonly x: Expr; readonly line: number }
  | { readonly k: 'var'; readonly specs: readonly ValueSpec[]; readonly line: number }
  | { readonly k: 'if'; readonly init?: Stmt; readonly cond: Expr; readonly then: Block; readonly else?: Stmt; readonly line: number }
  | { readonly k: 'for'; readonly init?: Stmt; readonly cond?: Expr; readonly post?: Stmt; readonly body: Block; readonly line: number }
  /** An expression switch; a clause's `exprs` is null for `default`. */
  | { readonly k: 'switch'; readonly init?: Stmt; readonly tag?: Expr; readonly clauses: readonly { readonly exprs: readonly Expr[] | null; readonly body: readonly Stmt[]; readonly line: number }[]; readonly line: number }
  | { readonly k: 'return'; readonly values: readonly Expr[]; readonly line: number }
  | { readonly k: 'defer'; readonly call: Expr; readonly line: number }
  | { readonly k: 'branch'; readonly op: 'break' | 'continue'; readonly line: number }
  | Block
  | Unsupported;

/** `{ ... }`. */
export interface Block {
  readonly k: 'block';
  readonly body: readonly Stmt[];
  readonly line: number;
}

/** One `name, ... [Type] [= values]` of a var or const declaration. */
export interface ValueSpec {
  readonly names: readonly string[];
  /** The type as written (`string`, `*int`), empty when omitted. */
  readonly type: string;
  readonly values: readonly Expr[];
  readonly line: number;
}

/** One parameter or result. */
export interface Param {
  /** Empty for an unnamed one. */
  readonly name: string;
  readonly type: string;
  readonly variadic: boolean;
}

/** A function's signature and body (a declaration or a literal). */
export interface FuncDef {
  readonly params: readonly Param[];
  readonly results: readonly Param[];
  readonly body: Block;
}

/** What one file declares at the top level. */
export interface FileDecls {
  /** Path relative to the module root (`cmd/server/main.go`), as messages print it. */
  readonly path: string;
  /** Imports in order; `alias` when the spec names one (`_`, `.`, a name). */
  readonly imports: readonly { readonly path: string; readonly alias?: string }[];
  /** Package-level vars and consts, in source order. */
  readonly values: readonly { readonly kind: 'var' | 'const'; readonly spec: ValueSpec }[];
  readonly funcs: ReadonlyMap<string, FuncDef & { readonly line: number }>;
  /** Top-level `func init()` bodies, in order. */
  readonly inits: readonly (FuncDef & { readonly line: number })[];
  /** Types declared at the top level (`type T ...`): the text of their definitions. */
  readonly types: ReadonlyMap<string, string>;
}
