import { EngineError } from '../../source/index.ts';
import { goQuote } from '../../util/go-quote.ts';

/** Stable codes of the errors {@link ShellFault} carries (prefixed `shell/` when thrown). */
export type ShellFaultKind =
  | 'bad-substitution'
  | 'missing-brace'
  | 'missing-slash'
  | 'unsupported-modifier'
  | 'unset-variable'
  | 'empty-variable'
  | 'unterminated-quote'
  | 'invalid-pattern'
  | 'too-deep'
  | 'too-long';

/**
 * An expansion failure before BuildKit's wrapping: `message` is the bare text
 * (`syntax error: missing '}'`). Internal to the lexer; callers see {@link wrapFault}'s result.
 */
export class ShellFault extends Error {
  readonly kind: ShellFaultKind;
  constructor(kind: ShellFaultKind, message: string) {
    super(message);
    this.kind = kind;
  }
}

/**
 * The error `ProcessWord` returns: BuildKit wraps every failure as
 * `failed to process "<word>": <reason>` (`errors.Wrapf(err, "failed to process %q", word)`).
 * `data.word` is the input and `data.reason` the bare message.
 */
export function wrapFault(word: string, fault: ShellFault): EngineError {
  return new EngineError(`shell/${fault.kind}`, `failed to process ${goQuote(word)}: ${fault.message}`, [], {
    word,
    reason: fault.message,
  });
}
