/** RUN's shell: busybox ash semantics over a `WorkFs`. */
export { newShell, runShell, runShellArgs } from './shell.ts';
export type { RunShellOptions } from './shell.ts';
export { parseScript } from './parser.ts';
export { ShSyntaxError } from './errors.ts';
export type { Command, List, Word, WordPart, Redirect } from './ast.ts';
