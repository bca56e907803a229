import { ShellFault } from './faults.ts';
import { replacePattern, trimPrefix, trimSuffix } from './pattern.ts';
import { EOF, RuneScanner } from './scanner.ts';
import { WordSplitter } from './words.ts';

/** The switches of one expansion (see `LexOptions` in lex.ts for their meaning). */
export interface ExpanderSettings {
  readonly escapeToken: string;
  readonly rawQuotes: boolean;
  readonly rawEscapes: boolean;
  readonly skipUnsetEnv: boolean;
  readonly skipProcessQuotes: boolean;
}

/** What one expansion produced. */
export interface Expansion {
  /** The expanded word, quotes removed (unless rawQuotes). */
  readonly result: string;
  /** The same text split into words (whitespace from quoted text does not split). */
  readonly words: string[];
  /** Variable names looked up and found. */
  readonly matched: Set<string>;
  /** Variable names looked up and not set. */
  readonly unmatched: Set<string>;
}

const LETTER_OR_DIGIT = /^[\p{L}\p{Nd}]$/u;
const DIGIT = /^\p{Nd}$/u;
/**
 * How deep `${...}` may nest inside one word. BuildKit has no limit of its own (Go's stack
 * grows); ours keeps the expansion off the end of the JavaScript stack with a clear error.
 */
export const MAX_EXPANSION_NESTING = 200;

/**
 * The longest value one Dockerfile word may expand to (1 MiB, counted in characters): an
 * `ENV A=$A$A` doubled line after line ends with a clear error instead of the JavaScript
 * heap running out. BuildKit has no limit of its own; Linux refuses to start a process
 * whose one argument or variable passes 128 KiB (MAX_ARG_STRLEN), so no RUN could use it anyway.
 */
export const MAX_WORD_LENGTH = 1 << 20;

/** The fault of a word that expands past {@link MAX_WORD_LENGTH}. */
export function tooLong(): ShellFault {
  return new ShellFault('too-long', `expanded value longer than ${MAX_WORD_LENGTH} characters (stageplay's limit)`);
}

/** `s`, unless it is longer than {@link MAX_WORD_LENGTH}. */
function bounded(s: string): string {
  if (s.length > MAX_WORD_LENGTH) throw tooLong();
  return s;
}

/** POSIX special parameters, single-character names that are never set in a Dockerfile. */
const SPECIAL_PARAMS = new Set(['@', '*', '#', '?', '-', '$', '!', '0']);

/**
 * One pass of BuildKit's `shellWord` over a word: `$` expansion, quotes and escapes, and
 * word splitting, all in one left-to-right scan. Throws {@link ShellFault}.
 */
export class WordExpander {
  private readonly scanner: RuneScanner;
  private rawEscapes: boolean;
  private readonly matched = new Set<string>();
  private readonly unmatched = new Set<string>();
  /** `processStopOn` calls open now. */
  private depth = 0;

  constructor(
    word: string,
    private readonly env: ReadonlyMap<string, string>,
    private readonly settings: ExpanderSettings,
  ) {
    this.scanner = new RuneScanner(word);
    this.rawEscapes = settings.rawEscapes;
  }

  /** Expands the whole word. */
  run(): Expansion {
    const { result, words } = this.processStopOn(EOF, this.rawEscapes);
    return { result, words, matched: this.matched, unmatched: this.unmatched };
  }

  /** Scans until `stop` (consumed) or the end; `rawEscapes` applies within this span. */
  private processStopOn(stop: string | null, rawEscapes: boolean): { result: string; words: string[] } {
    if (this.depth >= MAX_EXPANSION_NESTING) {
      throw new ShellFault('too-deep', `syntax error: \${} nested more than ${MAX_EXPANSION_NESTING} levels deep`);
    }
    const saved = this.rawEscapes;
    this.rawEscapes = rawEscapes;
    this.depth++;
    try {
      return this.scanUntil(stop);
    } finally {
      this.depth--;
      this.rawEscapes = saved;
    }
  }

  private scanUntil(stop: string | null): { result: string; words: string[] } {
    const sc = this.scanner;
    const words = new WordSplitter();
    const quotes = !this.settings.skipProcessQuotes;
    let result = '';
    for (let ch = sc.peek(); ch !== EOF; ch = sc.peek()) {
      if (stop !== EOF && ch === stop) {
        sc.next();
        return { result, words: words.getWords() };
      }
      if (ch === '$') {
        const value = this.processDollar();
        result = bounded(result + value);
        words.addString(value);
        continue;
      }
      if (quotes && (ch === "'" || ch === '"')) {
        const value = ch === "'" ? this.processSingleQuote() : this.processDoubleQuote();
        result = bounded(result + value);
        words.addRawString(value);
        continue;
      }
      sc.next();
      if (ch === this.settings.escapeToken) {
        if (this.rawEscapes) {
          words.addRawChar(ch);
          result += ch;
        }
        // The escape token makes the next character literal; a trailing one is dropped.
        const escaped = sc.next();
        if (escaped === EOF) break;
        words.addRawChar(escaped);
        result += escaped;
      } else {
        words.addChar(ch);
        result += ch;
      }
    }
    if (stop !== EOF) {
      // Callers turn this into "missing '}'" / "missing '/' in ${}" (the input has ended).
      throw new ShellFault('missing-brace', `unexpected end of statement while looking for matching ${stop}`);
    }
    return { result, words: words.getWords() };
  }

  /** `'...'`: everything literal up to the next single quote. */
  private processSingleQuote(): string {
    const sc = this.scanner;
    const open = sc.next() as string;
    let result = this.settings.rawQuotes ? open : '';
    for (;;) {
      const ch = sc.next();
      if (ch === EOF) {
        throw new ShellFault('unterminated-quote', 'unexpected end of statement while looking for matching single-quote');
      }
      if (ch === "'") return this.settings.rawQuotes ? result + ch : result;
      result += ch;
    }
  }

  /** `"..."`: literal except `$` expansions and escapes of `"`, `$` and the escape token. */
  private processDoubleQuote(): string {
    const sc = this.scanner;
    const esc = this.settings.escapeToken;
    const open = sc.next() as string;
    let result = this.settings.rawQuotes ? open : '';
    for (;;) {
      const peek = sc.peek();
      if (peek === EOF) {
        throw new ShellFault('unterminated-quote', 'unexpected end of statement while looking for matching double-quote');
      }
      if (peek === '"') {
        sc.next();
        return this.settings.rawQuotes ? result + peek : result;
      }
      if (peek === '$') {
        result = bounded(result + this.processDollar());
        continue;
      }
      let ch = sc.next() as string;
      if (ch === esc) {
        if (this.rawEscapes) result += ch;
        const after = sc.peek();
        if (after === EOF) continue; // ignored; the loop then reports the missing quote
        if (after === '"' || after === '$' || after === esc) ch = sc.next() as string;
      }
      result += ch;
    }
  }

  /** `$name`, `${name}` and `${name<op>word}`; the scanner is on the `$`. */
  private processDollar(): string {
    const sc = this.scanner;
    sc.next();
    if (sc.peek() !== '{') {
      const name = this.processName();
      if (name === '') return '$';
      const [value, found] = this.getEnv(name);
      if (!found && this.settings.skipUnsetEnv) return '$' + name;
      return value;
    }
    sc.next();
    const first = sc.peek();
    if (first === EOF) throw missingBrace();
    if (first === '{' || first === '}' || first === ':') {
      throw new ShellFault('bad-substitution', 'syntax error: bad substitution');
    }
    const name = this.processName();
    let op = sc.next();
    // Go's string(rune) of the end of input (-1) is U+FFFD, which then shows in messages.
    let ops = op ?? '\uFFFD';
    if (op === '}') {
      const [value, found] = this.getEnv(name);
      if (!found && this.settings.skipUnsetEnv) return `\${${name}}`;
      return value;
    }
    if (op === '/') return this.processReplace(name);
    const nullIsUnset = op === ':';
    if (nullIsUnset) {
      // Whatever follows the colon, the word is read before the modifier is judged.
      op = sc.next();
      ops += op ?? '\uFFFD';
    } else if (op === EOF || !'+-?#%'.includes(op)) {
      throw unsupported(ops);
    }
    if (nullIsUnset && (op === '#' || op === '%')) throw unsupported(ops);
    return this.processModifier(name, op, ops, nullIsUnset);
  }

  /** The part of `${name<op>word}` after the operator; `ops` is the operator as written. */
  private processModifier(name: string, op: string | null, ops: string, nullIsUnset: boolean): string {
    const word = this.wordUntilBrace(op === '#' || op === '%');
    const [value, set] = this.getEnv(name);
    if (this.settings.skipUnsetEnv && !set) return `\${${name}${ops}${word}}`;
    const empty = !set || (nullIsUnset && value === '');
    switch (op) {
      case '-':
        return empty ? word : value;
      case '+':
        return empty ? '' : word;
      case '?':
        if (!set) throw new ShellFault('unset-variable', `${name}: ${word || 'is not allowed to be unset'}`);
        if (empty) throw new ShellFault('empty-variable', `${name}: ${word || 'is not allowed to be empty'}`);
        return value;
      case '#':
      case '%': {
        // `#`/`%` remove the shortest match, `##`/`%%` the longest.
        const greedy = word.startsWith(op);
        const pattern = greedy ? word.slice(1) : word;
        return op === '%' ? trimSuffix(pattern, value, greedy) : trimPrefix(pattern, value, greedy);
      }
      default:
        throw unsupported(ops);
    }
  }

  /** `${name/pattern/replacement}` and `${name//pattern/replacement}`, after the first `/`. */
  private processReplace(name: string): string {
    const sc = this.scanner;
    const all = sc.peek() === '/';
    if (all) sc.next();
    let pattern: string;
    try {
      pattern = this.processStopOn('/', true).result;
    } catch (err) {
      if (sc.peek() === EOF) throw new ShellFault('missing-slash', "syntax error: missing '/' in ${}");
      throw err;
    }
    const replacement = this.wordUntilBrace(true);
    const [value, set] = this.getEnv(name);
    if (this.settings.skipUnsetEnv && !set) return `\${${name}/${pattern}/${replacement}}`;
    return replacePattern(value, pattern, replacement, all, MAX_WORD_LENGTH);
  }

  /** Expands the nested word up to the closing `}`; any failure at the end of input is "missing '}'". */
  private wordUntilBrace(rawEscapes: boolean): string {
    try {
      return this.processStopOn('}', rawEscapes).result;
    } catch (err) {
      if (this.scanner.peek() === EOF) throw missingBrace();
      throw err;
    }
  }

  /** A variable name: letters, digits, `_`; or all leading digits; or one special parameter. */
  private processName(): string {
    const sc = this.scanner;
    let name = '';
    for (let ch = sc.peek(); ch !== EOF; ch = sc.peek()) {
      if (name === '' && DIGIT.test(ch)) {
        for (let d = sc.peek(); d !== EOF && DIGIT.test(d); d = sc.peek()) name += sc.next();
        return name;
      }
      if (name === '' && SPECIAL_PARAMS.has(ch)) return sc.next() as string;
      if (!LETTER_OR_DIGIT.test(ch) && ch !== '_') break;
      name += sc.next();
    }
    return name;
  }

  /** Case-sensitive lookup (Linux), recording the name as matched or unmatched. */
  private getEnv(name: string): [string, boolean] {
    const value = this.env.get(name);
    if (value === undefined) {
      this.unmatched.add(name);
      return ['', false];
    }
    this.matched.add(name);
    return [value, true];
  }
}

function missingBrace(): ShellFault {
  return new ShellFault('missing-brace', "syntax error: missing '}'");
}

function unsupported(ops: string): ShellFault {
  return new ShellFault('unsupported-modifier', `unsupported modifier (${ops}) in substitution`);
}
