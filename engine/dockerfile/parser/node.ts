import type { Range } from '../../source/range.ts';

/** A heredoc attached to a RUN/COPY/ADD node (BuildKit's `parser.Heredoc`). */
export interface Heredoc {
  /** Terminator word after quote removal, e.g. `EOF`. */
  readonly name: string;
  /** Digits before `<<` (`3<<EOF`), 0 when absent. */
  readonly fileDescriptor: number;
  /** False when any part of the terminator word was quoted. */
  readonly expand: boolean;
  /** True for `<<-` (leading tabs are stripped later, by the instruction layer). */
  readonly chomp: boolean;
  /** Raw body; every line keeps its trailing `\n`. */
  readonly content: string;
}

/**
 * One Dockerfile instruction as the lexical parser sees it (BuildKit's `*parser.Node`,
 * flattened: `args` is the `Next` chain). Knows nothing of Docker semantics.
 */
export interface Node {
  /** Keyword lower-cased, e.g. `run`; an unknown keyword is kept (rejected later). */
  readonly name: string;
  /** Keyword exactly as written, e.g. `COPPY` (error messages quote it). */
  readonly keyword: string;
  /** Arguments in order, shaped per instruction (see the conformance README). */
  readonly args: readonly string[];
  /** Leading `--flag` words with quotes removed; a bare `--` ends them and is dropped. */
  readonly flags: readonly string[];
  /** True for exec (JSON array) form. */
  readonly json: boolean;
  /** Heredocs in order of appearance; empty when none. */
  readonly heredocs: readonly Heredoc[];
  /** ONBUILD only: the trigger instruction. */
  readonly inner?: Node;
  /** The instruction text with continuations joined (BuildKit's `Original`). */
  readonly original: string;
  /** From the keyword's first character to the end of the last physical line (heredoc bodies included). */
  readonly range: Range;
  /** Comment lines directly above the instruction, `#` and one space stripped. */
  readonly prevComment: readonly string[];
}

/** A non-fatal finding of the parser (e.g. `Empty continuation line found in: ...`). */
export interface ParseWarning {
  readonly message: string;
  readonly range: Range;
}

/** Parser directives found at the top of the file. */
export interface Directives {
  readonly syntax?: string;
  readonly escape?: string;
  readonly check?: string;
}

export interface ParseResult {
  readonly nodes: readonly Node[];
  /** `\` or `` ` ``. */
  readonly escapeToken: string;
  readonly directives: Directives;
  readonly warnings: readonly ParseWarning[];
  /** First and last line holding an instruction (BuildKit's root StartLine/EndLine). */
  readonly startLine: number;
  readonly endLine: number;
}
