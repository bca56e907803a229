/**
 * Plain errors thrown deep in the instruction layer (BuildKit's `errAtLeastOneArgument`
 * family). The dispatch point (`parseInstruction`) turns them into `InstructionError`s
 * with the node's range; `code` travels on the error until then.
 */

/** An error of the instruction layer with a stable code, before a range is attached. */
export class InstructionFault extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/** Throw helper: `fault('flag-unknown', 'unknown flag: --x')`. */
export function fault(code: string, message: string): InstructionFault {
  return new InstructionFault(code, message);
}

/** `<CMD> requires at least one argument`. */
export const errAtLeastOneArgument = (cmd: string): InstructionFault =>
  fault('args-at-least-one', `${cmd} requires at least one argument`);
/** `<CMD> requires exactly one argument`. */
export const errExactlyOneArgument = (cmd: string): InstructionFault =>
  fault('args-exactly-one', `${cmd} requires exactly one argument`);
/** COPY/ADD with a single word. */
export const errNoDestinationArgument = (cmd: string): InstructionFault =>
  fault(
    'args-no-destination',
    `${cmd} requires at least two arguments, but only one was provided. Destination could not be determined`,
  );
/** `<CMD> names can not be blank`. */
export const errBlankCommandNames = (cmd: string): InstructionFault =>
  fault('args-blank-name', `${cmd} names can not be blank`);
/** SHELL in shell form (Unix wording of `errNotJSON`). */
export const errNotJSON = (cmd: string): InstructionFault =>
  fault('args-not-json', `${cmd} requires the arguments to be in JSON form`);
