/**
 * What a simulated process stands on, beneath both the shell (`../sh`) and the busybox
 * applets (`../busybox`): `Proc` and its stdin, the byte and option helpers, POSIX paths and
 * the shell's glob patterns.
 */
export { Input, concatBytes, errText, getopt, readText, utf8 } from './proc.ts';
export type { Applet, Applets, Proc } from './proc.ts';
export { baseName, dirName, joinPath, normalizePath, resolvePath } from './path.ts';
export { escapePattern, hasGlobChars, matchPattern, patternToRegExp, trimPattern, unescapePattern } from './pattern.ts';
