/**
 * Values of the simulated Go: strings are JS strings, integers JS numbers, booleans JS
 * booleans, `nil` is null; the rest are the small classes below. Calls are generators: a
 * call that waits (a server blocking in `ListenAndServe`, a client waiting for its reply)
 * yields a `Wait`, and the driver resumes it with the awaited result.
 */

/** Something a running program waits for. */
export interface Wait {
  readonly promise: Promise<unknown>;
}

/** A computation that may wait: run by `drive` (async) or `driveUntilWait` (at build time). */
export type Gen<T> = Generator<Wait, T, unknown>;

/** Where a construct is: `cmd/server/main.go:12`. */
export interface Pos {
  readonly file: string;
  readonly line: number;
}

/** One call in progress: its function, where it is now, what it deferred. */
export interface Frame {
  readonly fn: string;
  readonly file: string;
  line: number;
  readonly defers: (() => Gen<Value>)[];
}

/** A goroutine: `main`'s, or one per request a server handles. */
export interface Goroutine {
  readonly id: number;
  readonly stack: Frame[];
}

export type Value = string | number | boolean | null | GoBytes | GoError | Ptr | GoFunc | GoObject | Tuple;

/** `[]byte`. */
export class GoBytes {
  constructor(readonly bytes: Uint8Array) {}
}

/** An `error` value; `type` is its dynamic type as `%T` prints it. */
export class GoError {
  constructor(
    readonly message: string,
    readonly type = '*errors.errorString',
  ) {}
}

let nextAddr = 0xc000012000;

/** A pointer to a variable (`&x`, `pflag.String`'s result). */
export class Ptr {
  /** The address `%p`/`Println` show: unique and stable for the process, like a heap address. */
  readonly addr: number;
  constructor(
    readonly get: () => Value,
    readonly set: (v: Value) => void,
    /** The type pointed to (`string`, `int`). */
    readonly elem: string,
  ) {
    this.addr = nextAddr += 0x10;
  }
}

/** A function value: the program's own (declared or literal) or the library's. */
export class GoFunc {
  constructor(
    /** `main.main`, `github.com/x/internal/greeting.For`, `main.main.func1`, `fmt.Println`. */
    readonly name: string,
    readonly call: (args: Value[], at: Pos, g: Goroutine) => Gen<Value>,
  ) {}
}

/** A library value with fields and methods (`*http.Response`, `http.ResponseWriter`). */
export class GoObject {
  constructor(
    /** Its type as `%T` prints it. */
    readonly type: string,
    readonly fields: Record<string, Value>,
    readonly methods: Record<string, GoFunc>,
    /** What `%v` prints, when not `&{...}`. */
    readonly text?: string,
  ) {}
}

/** The results of a call with several (`resp, err := http.Get(...)`). */
export class Tuple {
  constructor(readonly values: readonly Value[]) {}
}

/** A failure because the program uses a construct outside the subset (exit 2, one line). */
export class Unsupported extends Error {
  constructor(
    readonly what: string,
    readonly at: Pos,
  ) {
    super(`stageplay's simulated Go does not run ${what} (${at.file}:${at.line})`);
  }
}

/** The process ends now with `code` (`os.Exit`, `log.Fatal`, a flag error); deferred calls do not run. */
export class Exit {
  constructor(readonly code: number) {}
}

/** A Go panic unwinding the stack. */
export class Panic {
  constructor(
    readonly value: Value,
    /** The frames from the innermost out: function name and where it was. */
    readonly frames: readonly { readonly fn: string; readonly file: string; readonly line: number }[],
    /** A runtime error (`runtime error: ...`) rather than a panic call. */
    readonly runtime = false,
  ) {}
}

/** A native library function: plain arguments in, a value (or a generator of one) out. */
export function native(name: string, fn: (args: Value[], at: Pos, g: Goroutine) => Value | Gen<Value>): GoFunc {
  return new GoFunc(name, function* (args, at, g) {
    const r = fn(args, at, g);
    if (isGen(r)) return yield* r;
    return r;
  });
}

function isGen(v: unknown): v is Gen<Value> {
  return typeof v === 'object' && v !== null && typeof (v as Gen<Value>).next === 'function' && typeof (v as Gen<Value>).throw === 'function';
}

const enc = new TextEncoder();
const dec = new TextDecoder();
/** UTF-8 bytes of `s`. */
export const utf8 = (s: string): Uint8Array => enc.encode(s);
/** `s` from UTF-8 bytes. */
export const fromUtf8 = (b: Uint8Array): string => dec.decode(b);

/** The type `%T` prints for `v`. */
export function typeName(v: Value): string {
  if (v === null) return '<nil>';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'int';
  if (typeof v === 'boolean') return 'bool';
  if (v instanceof GoBytes) return '[]uint8';
  if (v instanceof GoError || v instanceof GoObject) return v.type;
  if (v instanceof Ptr) return `*${v.elem}`;
  if (v instanceof GoFunc) return 'func()';
  return 'tuple';
}

/** Go's `==` on comparable values (errors and objects by identity, as interface values of pointer type). */
export function equal(a: Value, b: Value): boolean {
  return a === b;
}
