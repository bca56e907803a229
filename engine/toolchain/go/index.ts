/** The mocked Go toolchain (see README.md for the Go subset it understands). */
export { goToolchain } from './go.ts';
export { goEnv, formatGoEnv, findGoMod } from './env.ts';
export type { GoEnv } from './env.ts';
export { parseGoFile } from './source.ts';
export type { GoFile, GoImport, GoFunc, GoValue } from './source.ts';
export { parseGoMod, parseGoSum } from './gomod.ts';
export type { GoMod, Requirement } from './gomod.ts';
