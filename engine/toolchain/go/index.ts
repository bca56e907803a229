/** The mocked Go toolchain (see README.md for the Go subset it understands). */
export { goToolchain } from './go.ts';
export { goEnv, formatGoEnv, findGoMod } from './env.ts';
export type { GoEnv } from './env.ts';
export { parseGoFile } from './source.ts';
export type { GoFile, GoImport, GoFunc, GoValue } from './source.ts';
export { parseGoMod, parseGoSum } from './gomod.ts';
export type { GoMod, Requirement } from './gomod.ts';
/** A built binary as a program: its payload's Go program runs in the interpreter. */
export { binaryProgram, makeBinaryProgram, binaryPlatform, runsNatively } from './interp/program.ts';
export type { BinaryProgramOptions } from './interp/program.ts';
