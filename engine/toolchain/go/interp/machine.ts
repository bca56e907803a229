/**
 * The evaluator: runs the tree `parse.ts` makes, statement by statement, over scopes of
 * variables, with Go's package initialization, calls, `defer`, `return` and panics.
 * Library packages come from `stdlib.ts`; packages of the program's own module are run
 * from their source.
 */
import type { Block, Expr, FileDecls, FuncDef, Stmt, ValueSpec } from './ast.ts';
import type { Frame, Gen, Goroutine, Pos, Value } from './values.ts';
import { GoError, GoFunc, GoObject, Panic, Ptr, Tuple, Unsupported, typeName } from './values.ts';
import { BUILTINS, DIVIDE_BY_ZERO, INT_TYPES, binaryOp, conversion } from './ops.ts';
import { sprintln } from './fmt.ts';

/** A package of the program: its files' declarations. */
export interface PackageSource {
  readonly path: string;
  readonly name: string;
  readonly files: readonly FileDecls[];
}

/** A library package: its exported names. */
export type Library = Readonly<Record<string, Value>>;

class Cell {
  constructor(
    public v: Value,
    readonly type: string,
  ) {}
}

class Scope {
  private readonly vars = new Map<string, Cell>();
  constructor(readonly parent?: Scope) {}
  lookup(name: string): Cell | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) {
      const c = s.vars.get(name);
      if (c) return c;
    }
    return undefined;
  }
  own(name: string): Cell | undefined {
    return this.vars.get(name);
  }
  declare(name: string, v: Value, type: string): Cell {
    const c = new Cell(v, type);
    if (name !== '_') this.vars.set(name, c);
    return c;
  }
}

interface Pkg {
  readonly src: PackageSource;
  readonly globals: Map<string, Cell>;
  /** The scope funcs close over (the package block). */
  readonly top: Scope;
  /** Package-level values not yet initialized, by name: evaluated when first read or in order. */
  readonly pending: Map<string, () => Gen<void>>;
}

interface Env {
  readonly scope: Scope;
  readonly file: FileDecls;
  readonly pkg: Pkg;
  readonly g: Goroutine;
  readonly frame: Frame;
  /** Named results of the function, when it has them. */
  readonly results?: readonly Cell[];
}

type Completion = undefined | { readonly k: 'return'; readonly values: readonly Value[] } | { readonly k: 'break' } | { readonly k: 'continue' };

/** How deep calls may nest: each is several generator frames on the JS stack. */
const MAX_DEPTH = 1000;
/** Statements between two `pause`s. */
export const PAUSE_EVERY = 4096;

const BUILTIN_UNSUPPORTED = new Set(['make', 'new', 'append', 'cap', 'delete', 'copy', 'close', 'recover', 'complex', 'real', 'imag', 'min', 'max', 'clear']);

/** The package name under which `path` is imported when the spec gives no alias. */
function importName(path: string, locals: ReadonlyMap<string, PackageSource>): string {
  const local = locals.get(path);
  if (local) return local.name;
  const last = path.slice(path.lastIndexOf('/') + 1);
  return /^v[0-9]+$/.test(last) ? path.split('/').slice(-2, -1)[0]! : last.replace(/^go-/, '').replace(/[.-].*$/, '');
}

/** Runs one program: its packages, the libraries, and `-X` overrides (`importpath.name` → value). */
export class Machine {
  private readonly pkgs = new Map<string, Pkg>();
  private readonly sources: ReadonlyMap<string, PackageSource>;
  /** Names of func literals (`main.main.func1`), numbered within their enclosing function. */
  private readonly funcLits = new Map<FuncDef, string>();
  private readonly litCounts = new Map<string, number>();

  constructor(
    packages: readonly PackageSource[],
    private readonly mainPath: string,
    private readonly libraries: ReadonlyMap<string, Library>,
    private readonly xdefs: ReadonlyMap<string, string>,
  ) {
    this.sources = new Map(packages.map((p) => [p.path, p]));
  }

  /** Symbol prefix of a package (`main` for the main package, else its import path). */
  private symbol(pkg: Pkg): string {
    return pkg.src.path === this.mainPath ? 'main' : pkg.src.path;
  }

  /** Initializes `path` and its imports (Go's order: imports first, then vars, then `init`s). */
  *init(path: string, g: Goroutine, done = new Set<string>()): Gen<Pkg> {
    const have = this.pkgs.get(path);
    if (have) return have;
    const src = this.sources.get(path)!;
    done.add(path);
    for (const f of src.files) for (const imp of f.imports) if (this.sources.has(imp.path) && !done.has(imp.path)) yield* this.init(imp.path, g, done);
    const pkg: Pkg = { src, globals: new Map(), pending: new Map(), top: new Scope() };
    this.pkgs.set(path, pkg);
    const top = pkg.top;
    const order: string[] = [];
    for (const file of src.files) {
      for (const { kind, spec } of file.values) {
        const run = (): Gen<void> => this.initSpec(spec, kind, file, pkg, g);
        for (const n of spec.names) {
          pkg.pending.set(n, run);
          order.push(n);
        }
      }
    }
    for (const n of order) {
      const run = pkg.pending.get(n);
      if (run) yield* run();
    }
    for (const file of src.files) {
      for (const def of file.inits) yield* this.funcValue(def, `${this.symbol(pkg)}.init`, top, file, pkg).call([], { file: file.path, line: def.line }, g);
    }
    return pkg;
  }

  private *initSpec(spec: ValueSpec, kind: 'var' | 'const', file: FileDecls, pkg: Pkg, g: Goroutine): Gen<void> {
    for (const n of spec.names) pkg.pending.delete(n);
    const frame: Frame = { fn: `${this.symbol(pkg)}.init`, file: file.path, line: spec.line, defers: [] };
    const env: Env = { scope: new Scope(), file, pkg, g, frame };
    const values: Value[] = [];
    spec.names.forEach((n, i) => {
      const x = kind === 'var' ? (this.xdefs.get(`${pkg.src.path}.${n}`) ?? (pkg.src.path === this.mainPath ? this.xdefs.get(`main.${n}`) : undefined)) : undefined;
      if (x !== undefined && (spec.type === '' || spec.type === 'string')) values[i] = x;
    });
    if (values.length === spec.names.length && spec.names.length) {
      spec.names.forEach((n, i) => pkg.globals.set(n, new Cell(values[i]!, 'string')));
      return;
    }
    const vals = yield* this.specValues(spec, env);
    spec.names.forEach((n, i) => pkg.globals.set(n, new Cell(values[i] ?? vals[i]!, spec.type || typeName(vals[i]!))));
  }

  private *specValues(spec: ValueSpec, env: Env): Gen<Value[]> {
    if (!spec.values.length) return spec.names.map(() => this.zero(spec.type, env, spec.line));
    return yield* this.values(spec.values, spec.names.length, env, spec.line);
  }

  /** The values of `exprs` for `n` targets (one call returning several fills several). */
  private *values(exprs: readonly Expr[], n: number, env: Env, line: number): Gen<Value[]> {
    if (exprs.length === 1 && n > 1) {
      const v = yield* this.eval(exprs[0]!, env);
      if (!(v instanceof Tuple) || v.values.length !== n) throw this.unsupported(`assigning ${exprs.length} value to ${n} variables`, env, line);
      return [...v.values];
    }
    const out: Value[] = [];
    for (const e of exprs) out.push(yield* this.eval(e, env));
    return out;
  }

  /** The zero value of a type written as `type`. */
  zero(type: string, env: Env, line: number): Value {
    if (type === 'string') return '';
    if (INT_TYPES.has(type)) return 0;
    if (type === 'bool') return false;
    if (/^(\*|\[\]|map\[|chan |<-chan|func|interface|error$)/.test(type) || type.includes('.')) return null;
    const named = env.file.types.get(type);
    if (named !== undefined && !named.includes(' ') && named !== type) return this.zero(named, env, line);
    throw this.unsupported(`values of type ${type}`, env, line);
  }

  unsupported(what: string, env: Env, line: number): Unsupported {
    return new Unsupported(what, { file: env.file.path, line });
  }

  /** A function value for a declaration or literal, closing over `scope`. */
  funcValue(def: FuncDef, name: string, scope: Scope, file: FileDecls, pkg: Pkg): GoFunc {
    const self = this;
    return new GoFunc(name, function* (args, at, g) {
      return yield* self.callUser(def, name, scope, file, pkg, args, at, g);
    });
  }

  private *callUser(def: FuncDef, name: string, closure: Scope, file: FileDecls, pkg: Pkg, args: Value[], at: Pos, g: Goroutine): Gen<Value> {
    const frame: Frame = { fn: name, file: file.path, line: def.body.line, defers: [] };
    const scope = new Scope(closure);
    const env0: Env = { scope, file, pkg, g, frame };
    if (g.stack.length >= MAX_DEPTH) throw this.unsupported(`calls nested more than ${MAX_DEPTH} deep`, env0, at.line);
    if (def.params.some((p) => p.variadic)) throw this.unsupported('variadic functions', env0, def.body.line);
    def.params.forEach((p, i) => scope.declare(p.name || '_', args[i] ?? null, p.type));
    const named = def.results.length > 0 && def.results[0]!.name !== '';
    const results = named ? def.results.map((r) => scope.declare(r.name, this.zero(r.type, env0, def.body.line), r.type)) : undefined;
    const env: Env = { ...env0, ...(results ? { results } : {}) };
    g.stack.push(frame);
    let out: readonly Value[] = [];
    let panic: Panic | undefined;
    try {
      const c = yield* this.block(def.body, env, false);
      if (c?.k === 'return') {
        if (results && c.values.length) c.values.forEach((v, i) => (results[i]!.v = v));
        out = results ? [] : c.values;
      }
    } catch (e) {
      if (!(e instanceof Panic)) {
        g.stack.pop();
        throw e;
      }
      panic = e;
    }
    while (frame.defers.length) {
      try {
        yield* frame.defers.pop()!();
      } catch (e) {
        if (!(e instanceof Panic)) {
          g.stack.pop();
          throw e;
        }
        panic = e;
      }
    }
    g.stack.pop();
    if (panic) throw panic;
    if (results) out = results.map((r) => r.v);
    return out.length === 1 ? out[0]! : out.length === 0 ? null : new Tuple(out);
  }

  private *block(b: Block, env: Env, newScope = true): Gen<Completion> {
    const inner = newScope ? { ...env, scope: new Scope(env.scope) } : env;
    for (const s of b.body) {
      const c = yield* this.stmt(s, inner);
      if (c) return c;
    }
    return undefined;
  }

  private *stmt(s: Stmt, env: Env): Gen<Completion> {
    env.frame.line = s.line;
    if (++this.steps % PAUSE_EVERY === 0) yield* this.pause(this.steps);
    switch (s.k) {
      case 'unsupported':
        throw this.unsupported(s.what, env, s.line);
      case 'block':
        return yield* this.block(s, env);
      case 'expr':
        yield* this.eval(s.x, env);
        return undefined;
      case 'define': {
        const vals = yield* this.values(s.values, s.names.length, env, s.line);
        s.names.forEach((n, i) => {
          const own = env.scope.own(n);
          if (own) own.v = vals[i]!;
          else env.scope.declare(n, vals[i]!, typeName(vals[i]!));
        });
        return undefined;
      }
      case 'var':
        for (const spec of s.specs) {
          const vals = yield* this.specValues(spec, env);
          spec.names.forEach((n, i) => env.scope.declare(n, vals[i]!, spec.type || typeName(vals[i]!)));
        }
        return undefined;
      case 'assign': {
        if (s.op !== '=') {
          const cur = yield* this.eval(s.targets[0]!, env);
          const rhs = yield* this.eval(s.values[0]!, env);
          yield* this.store(s.targets[0]!, this.binary(s.op.slice(0, -1), cur, rhs, env, s.line), env);
          return undefined;
        }
        const vals = yield* this.values(s.values, s.targets.length, env, s.line);
        for (let i = 0; i < s.targets.length; i++) yield* this.store(s.targets[i]!, vals[i]!, env);
        return undefined;
      }
      case 'incdec': {
        const cur = yield* this.eval(s.x, env);
        yield* this.store(s.x, this.binary(s.op === '++' ? '+' : '-', cur, 1, env, s.line), env);
        return undefined;
      }
      case 'if': {
        const inner = { ...env, scope: new Scope(env.scope) };
        if (s.init) yield* this.stmt(s.init, inner);
        const cond = yield* this.eval(s.cond, inner);
        if (cond === true) return yield* this.block(s.then, inner);
        if (s.else) return yield* this.stmt(s.else, inner);
        return undefined;
      }
      case 'for': {
        const inner = { ...env, scope: new Scope(env.scope) };
        if (s.init) yield* this.stmt(s.init, inner);
        for (;;) {
          if (s.cond && (yield* this.eval(s.cond, inner)) !== true) return undefined;
          const c = yield* this.block(s.body, inner);
          if (c?.k === 'break') return undefined;
          if (c?.k === 'return') return c;
          if (s.post) yield* this.stmt(s.post, inner);
        }
      }
      case 'switch': {
        const inner = { ...env, scope: new Scope(env.scope) };
        if (s.init) yield* this.stmt(s.init, inner);
        const tag = s.tag ? yield* this.eval(s.tag, inner) : true;
        let chosen = s.clauses.find((c) => c.exprs === null);
        find: for (const c of s.clauses) {
          for (const e of c.exprs ?? []) {
            if (this.binary('==', tag, yield* this.eval(e, inner), inner, c.line) === true) {
              chosen = c;
              break find;
            }
          }
        }
        if (!chosen) return undefined;
        const c = yield* this.block({ k: 'block', body: chosen.body, line: chosen.line }, inner);
        return c?.k === 'break' ? undefined : c;
      }
      case 'return': {
        if (s.values.length === 1 && (env.results?.length ?? 0) > 1) return { k: 'return', values: yield* this.values(s.values, env.results!.length, env, s.line) };
        const vals: Value[] = [];
        for (const e of s.values) vals.push(yield* this.eval(e, env));
        if (vals.length === 1 && vals[0] instanceof Tuple) return { k: 'return', values: vals[0].values };
        return { k: 'return', values: vals };
      }
      case 'defer': {
        if (s.call.k !== 'call') throw this.unsupported('defer of a non-call', env, s.line);
        const thunk = yield* this.prepareCall(s.call, env);
        env.frame.defers.push(thunk);
        return undefined;
      }
      case 'branch':
        return { k: s.op };
    }
  }

  private *store(target: Expr, v: Value, env: Env): Gen<void> {
    if (target.k === 'ident') {
      if (target.name === '_') return;
      const cell = env.scope.lookup(target.name) ?? (yield* this.global(env.pkg, target.name));
      if (!cell) throw this.unsupported(`the undefined name ${target.name}`, env, target.line);
      cell.v = v;
      return;
    }
    if (target.k === 'unary' && target.op === '*') {
      const p = yield* this.eval(target.x, env);
      if (!(p instanceof Ptr)) throw this.nilDeref(env);
      p.set(v);
      return;
    }
    throw this.unsupported('assigning to this kind of expression', env, target.line);
  }

  private *global(pkg: Pkg, name: string): Gen<Cell | undefined> {
    const pending = pkg.pending.get(name);
    if (pending) yield* pending();
    const have = pkg.globals.get(name);
    if (have) return have;
    // a func becomes a value when first named (a large program names few of its funcs)
    const file = pkg.src.files.find((f) => f.funcs.has(name));
    if (!file) return undefined;
    const cell = new Cell(this.funcValue(file.funcs.get(name)!, `${this.symbol(pkg)}.${name}`, pkg.top, file, pkg), 'func');
    pkg.globals.set(name, cell);
    return cell;
  }

  private nilDeref(env: Env): Panic {
    return this.panic(new GoError('runtime error: invalid memory address or nil pointer dereference', 'runtime.Error'), env.g, true);
  }

  /** A panic carrying `value`, with the goroutine's frames. */
  panic(value: Value, g: Goroutine, runtime = false): Panic {
    return new Panic(value, [...g.stack].reverse().map((f) => ({ fn: f.fn, file: f.file, line: f.line })), runtime);
  }

  *eval(e: Expr, env: Env): Gen<Value> {
    switch (e.k) {
      case 'string':
      case 'int':
        return e.value;
      case 'unsupported':
        throw this.unsupported(e.what, env, e.line);
      case 'type':
        throw this.unsupported(`the type ${e.text} as a value`, env, e.line);
      case 'funclit': {
        let name = this.funcLits.get(e.fn);
        if (name === undefined) {
          const n = (this.litCounts.get(env.frame.fn) ?? 0) + 1;
          this.litCounts.set(env.frame.fn, n);
          name = `${env.frame.fn}.func${n}`;
          this.funcLits.set(e.fn, name);
        }
        return this.funcValue(e.fn, name, env.scope, env.file, env.pkg);
      }
      case 'ident':
        return yield* this.ident(e.name, env, e.line);
      case 'selector':
        return yield* this.selector(e, env);
      case 'unary': {
        if (e.op === '&') {
          if (e.x.k !== 'ident') throw this.unsupported('taking the address of this expression', env, e.line);
          const cell = env.scope.lookup(e.x.name) ?? (yield* this.global(env.pkg, e.x.name));
          if (!cell) throw this.unsupported(`the undefined name ${e.x.name}`, env, e.line);
          return new Ptr(() => cell.v, (v) => (cell.v = v), cell.type);
        }
        const x = yield* this.eval(e.x, env);
        if (e.op === '*') {
          if (x === null) throw this.nilDeref(env);
          if (!(x instanceof Ptr)) throw this.unsupported(`dereferencing a ${typeName(x)}`, env, e.line);
          return x.get();
        }
        if (e.op === '!' && typeof x === 'boolean') return !x;
        if (e.op === '-' && typeof x === 'number') return -x;
        if (e.op === '+' && typeof x === 'number') return x;
        if (e.op === '^' && typeof x === 'number') return ~x;
        throw this.unsupported(`${e.op} on a ${typeName(x)}`, env, e.line);
      }
      case 'binary': {
        const x = yield* this.eval(e.x, env);
        if (e.op === '&&') return x === true ? yield* this.eval(e.y, env) : false;
        if (e.op === '||') return x === true ? true : yield* this.eval(e.y, env);
        const y = yield* this.eval(e.y, env);
        return this.binary(e.op, x, y, env, e.line);
      }
      case 'call': {
        const thunk = yield* this.prepareCall(e, env);
        return yield* thunk();
      }
    }
  }

  private binary(op: string, x: Value, y: Value, env: Env, line: number): Value {
    const v = binaryOp(op, x, y);
    if (v === DIVIDE_BY_ZERO) throw this.panic(new GoError('runtime error: integer divide by zero', 'runtime.Error'), env.g, true);
    if (v === undefined) throw this.unsupported(`${typeName(x)} ${op} ${typeName(y)}`, env, line);
    return v;
  }

  private *ident(name: string, env: Env, line: number): Gen<Value> {
    const cell = env.scope.lookup(name) ?? (yield* this.global(env.pkg, name));
    if (cell) return cell.v;
    switch (name) {
      case 'true': return true;
      case 'false': return false;
      case 'nil': return null;
      case 'iota': throw this.unsupported('iota', env, line);
    }
    throw this.unsupported(`the name ${name}`, env, line);
  }

  /** The import path a name of this file stands for, unless a variable hides it. */
  private importOf(name: string, env: Env): string | undefined {
    if (env.scope.lookup(name) || env.pkg.globals.has(name) || env.pkg.pending.has(name) || env.pkg.src.files.some((f) => f.funcs.has(name))) return undefined;
    for (const imp of env.file.imports) if ((imp.alias ?? importName(imp.path, this.sources)) === name) return imp.path;
    return undefined;
  }

  private *selector(e: Extract<Expr, { k: 'selector' }>, env: Env): Gen<Value> {
    if (e.x.k === 'ident') {
      const path = this.importOf(e.x.name, env);
      if (path !== undefined) {
        if (this.sources.has(path)) {
          const pkg = yield* this.init(path, env.g);
          const cell = yield* this.global(pkg, e.name);
          if (cell) return cell.v;
          throw this.unsupported(`${e.x.name}.${e.name}`, env, e.line);
        }
        const lib = this.libraries.get(path);
        const v = lib?.[e.name];
        if (v === undefined) throw this.unsupported(`${e.x.name}.${e.name}`, env, e.line);
        return v;
      }
    }
    const x = yield* this.eval(e.x, env);
    if (x instanceof GoObject) {
      const v = x.fields[e.name] ?? x.methods[e.name];
      if (v !== undefined) return v;
      throw this.unsupported(`${x.type}'s ${e.name}`, env, e.line);
    }
    if (x instanceof GoError && e.name === 'Error') return new GoFunc(`${x.type}.Error`, function* () { return x.message; });
    if (x === null) throw this.nilDeref(env);
    throw this.unsupported(`.${e.name} on a ${typeName(x)}`, env, e.line);
  }

  /** Evaluates a call's function and arguments now; the returned thunk makes the call (now, or deferred). */
  private *prepareCall(e: Extract<Expr, { k: 'call' }>, env: Env): Gen<() => Gen<Value>> {
    const at: Pos = { file: env.file.path, line: e.line };
    if (e.spread) throw this.unsupported('calls with ...', env, e.line);
    const fn = e.fn;
    const convert = fn.k === 'type' ? fn.text : fn.k === 'ident' && !env.scope.lookup(fn.name) && !env.pkg.globals.has(fn.name) && !env.pkg.src.files.some((f) => f.funcs.has(fn.name)) ? fn.name : undefined;
    if (convert !== undefined && (BUILTINS.has(convert) || INT_TYPES.has(convert) || BUILTIN_UNSUPPORTED.has(convert))) {
      if (BUILTIN_UNSUPPORTED.has(convert)) throw this.unsupported(`the builtin ${convert}`, env, e.line);
      const args: Value[] = [];
      for (const a of e.args) args.push(yield* this.eval(a, env));
      return () => this.builtin(convert, args, env, e.line);
    }
    const f = yield* this.eval(fn, env);
    let args: Value[] = [];
    for (const a of e.args) args.push(yield* this.eval(a, env));
    if (args.length === 1 && args[0] instanceof Tuple) args = [...args[0].values];
    if (f === null) throw this.nilDeref(env);
    if (!(f instanceof GoFunc)) throw this.unsupported(`calling a ${typeName(f)}`, env, e.line);
    return () => f.call(args, at, env.g);
  }

  private *builtin(name: string, args: Value[], env: Env, line: number): Gen<Value> {
    const [a] = args;
    if (name === 'panic') throw this.panic(a ?? null, env.g);
    if (name === 'print' || name === 'println') {
      this.builtinOut(name === 'println' ? sprintln(args) : args.map((v) => (v === null ? 'nil' : String(v))).join(''));
      return null;
    }
    const v = conversion(name, a ?? null);
    if (v === undefined) throw this.unsupported(`${name}(${typeName(a ?? null)})`, env, line);
    return v;
  }

  /** Statements run so far. */
  steps = 0;
  /** Called every `PAUSE_EVERY` statements: the runner lets other work run, checks the signal, bounds a build-time run. */
  pause: (steps: number) => Gen<void> = function* () {};

  /** Where the builtins `print`/`println` write (stderr); set by the runner. */
  builtinOut: (s: string) => void = () => undefined;

  /** `main.main` of the main package, after initializing every package. */
  *main(g: Goroutine): Gen<Value> {
    const pkg = yield* this.init(this.mainPath, g);
    const main = yield* this.global(pkg, 'main');
    if (!(main?.v instanceof GoFunc)) return null;
    const file = pkg.src.files.find((f) => f.funcs.has('main'))!;
    return yield* main.v.call([], { file: file.path, line: file.funcs.get('main')!.line }, g);
  }
}

