export { ShellLex, type LexOptions, type WordMatches } from './lex.ts';
export { EnvList, EnvSnapshot } from './env.ts';
export { goQuote } from '../../util/go-quote.ts';
