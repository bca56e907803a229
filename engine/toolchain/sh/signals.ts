/** Control flow of the interpreter, carried by exceptions. */

/** `exit n`, or a fatal error after its message was printed. */
export class ExitSignal {
  constructor(readonly status: number) {}
}

/** `return n` from a function or a sourced script. */
export class ReturnSignal {
  constructor(readonly status: number) {}
}

/** `break n` / `continue n`. */
export class LoopSignal {
  constructor(
    readonly kind: 'break' | 'continue',
    public levels: number,
  ) {}
}

/** An error that ends a non-interactive shell: `message` is printed as `sh: message`. */
export class FatalError {
  constructor(
    readonly message: string,
    readonly status = 2,
  ) {}
}

/**
 * The run's command budget is spent (stageplay's bound on one RUN: runaway recursion such
 * as `f() { f | f; }; f` or nested loops end instead of hanging the build).
 */
export class BudgetError extends FatalError {}

/** Default bound on the simple commands one run may start. */
export const COMMAND_LIMIT = 200_000;
