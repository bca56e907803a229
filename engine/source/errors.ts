import type { Range } from './range.ts';

/** Plain-data form of an EngineError: what crosses a worker boundary. */
export interface EngineErrorData {
  readonly name: string;
  readonly code: string;
  readonly message: string;
  readonly ranges: readonly Range[];
  readonly data?: Record<string, unknown>;
}

/**
 * The one error type of the engine. `code` is stable (callers branch on it, never on
 * message text); `message` is BuildKit's wording; `ranges` are the Dockerfile places
 * involved (a cycle points at every edge).
 */
export class EngineError extends Error {
  readonly code: string;
  ranges: Range[];
  readonly data: Record<string, unknown> | undefined;

  constructor(code: string, message: string, ranges: readonly Range[] = [], data?: Record<string, unknown>) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.ranges = [...ranges];
    this.data = data;
  }

  toJSON(): EngineErrorData {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      ranges: this.ranges,
      ...(this.data ? { data: this.data } : {}),
    };
  }

  static fromJSON(d: EngineErrorData): EngineError {
    const Ctor = ERROR_CLASSES[d.name] ?? EngineError;
    return new Ctor(d.code, d.message, d.ranges, d.data);
  }
}

/** Lexical errors: text → nodes. */
export class ParseError extends EngineError {}
/** Node → typed instruction errors (flags, arity, names). */
export class InstructionError extends EngineError {}
/** Stage graph errors: targets, references, cycles. */
export class GraphError extends EngineError {}
/** A step failed while executing. */
export class ExecError extends EngineError {}
/** A simulated tool (shell, go, apk) failed. */
export class ToolchainError extends EngineError {}

const ERROR_CLASSES: Record<string, typeof EngineError> = {
  EngineError,
  ParseError,
  InstructionError,
  GraphError,
  ExecError,
  ToolchainError,
};

/**
 * Attach Dockerfile ranges to an error, as BuildKit's `parser.WithLocation` does: an
 * EngineError without ranges gets these; a plain Error becomes an EngineError with `code`.
 * Errors that already carry ranges keep them.
 */
export function withRange(err: unknown, ranges: readonly Range[], code = 'internal'): EngineError {
  if (err instanceof EngineError) {
    if (err.ranges.length === 0) err.ranges = [...ranges];
    return err;
  }
  const message = err instanceof Error ? err.message : String(err);
  return new EngineError(code, message, ranges);
}

export function isEngineError(err: unknown): err is EngineError {
  return err instanceof EngineError;
}
