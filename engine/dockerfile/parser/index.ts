/**
 * The Dockerfile lexical parser: text → nodes, as BuildKit's `frontend/dockerfile/parser`.
 * It knows nothing of Docker semantics beyond the argument shape of each instruction.
 */
export { parse } from './parse.ts';
export { dumpNode } from './dump.ts';
export { parseHeredocWord, heredocsFromLine, chompHeredocContent } from './heredoc.ts';
export { JSON_STRINGS_ONLY } from './json-args.ts';
export { LINE_TOO_LONG_MESSAGE, MAX_LINE_BYTES } from './line-scanner.ts';
export { goQuote } from './go-text.ts';
export type { Directives, Heredoc, Node, ParseResult, ParseWarning } from './node.ts';
