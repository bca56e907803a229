import { EngineError } from '../../source/index.ts';
import { WordExpander, type Expansion } from './expander.ts';
import { ShellFault, wrapFault } from './faults.ts';

/** Switches of BuildKit's `shell.Lex`. All default to false. */
export interface LexOptions {
  /** Keep `'` and `"` in the output; they still quote (no splitting, no expansion in `'…'`). */
  rawQuotes?: boolean;
  /** Keep escape characters in the output; they still escape. */
  rawEscapes?: boolean;
  /** Leave references to unset variables as written (`$X`, `${X}`, `${X:-w}`). */
  skipUnsetEnv?: boolean;
  /** Treat `'` and `"` as ordinary characters (BuildKit uses it for heredoc bodies). */
  skipProcessQuotes?: boolean;
}

/** The result of {@link ShellLex.processWordWithMatches}. */
export interface WordMatches {
  /** The expanded word, as {@link ShellLex.processWord} returns it. */
  result: string;
  /** Names that were looked up and set (even if empty). */
  matched: Set<string>;
  /** Names that were looked up and unset: what BuildKit's `UndefinedVar` lint reports. */
  unmatched: Set<string>;
}

/**
 * BuildKit's Dockerfile word expander (`frontend/dockerfile/shell/lex.go`): `$VAR` and
 * `${VAR<op>word}` expansion, quote and escape removal, and word splitting. Lookups are
 * case-sensitive (Linux). Failures throw an `EngineError` with code `shell/<kind>` and
 * BuildKit's message, `failed to process "<word>": <reason>`.
 */
export class ShellLex {
  /** The Dockerfile escape character: `\` (default) or `` ` `` (`# escape=` directive). */
  readonly escapeToken: string;
  private readonly options: Readonly<Required<LexOptions>>;

  constructor(escapeToken = '\\', options: LexOptions = {}) {
    if (escapeToken !== '\\' && escapeToken !== '`') {
      throw new EngineError('shell/invalid-escape-token', `invalid escape token '${escapeToken}' does not match ` + '` or \\');
    }
    this.escapeToken = escapeToken;
    this.options = {
      rawQuotes: options.rawQuotes ?? false,
      rawEscapes: options.rawEscapes ?? false,
      skipUnsetEnv: options.skipUnsetEnv ?? false,
      skipProcessQuotes: options.skipProcessQuotes ?? false,
    };
  }

  /** Expands one word (`ProcessWord`): quotes and escapes removed, internal spaces kept. */
  processWord(word: string, env: ReadonlyMap<string, string>): string {
    return this.expand(word, env).result;
  }

  /**
   * Expands then splits into words (`ProcessWords`, used by EXPOSE and heredoc detection):
   * whitespace splits unless it was quoted or escaped; it splits even when it came from a
   * variable's value. Empty words are dropped.
   */
  processWords(word: string, env: ReadonlyMap<string, string>): string[] {
    return this.expand(word, env).words;
  }

  /** Expands one word and reports which variables were found and which were not. */
  processWordWithMatches(word: string, env: ReadonlyMap<string, string>): WordMatches {
    const { result, matched, unmatched } = this.expand(word, env);
    return { result, matched, unmatched };
  }

  private expand(word: string, env: ReadonlyMap<string, string>): Expansion {
    try {
      return new WordExpander(word, env, { escapeToken: this.escapeToken, ...this.options }).run();
    } catch (err) {
      if (err instanceof ShellFault) throw wrapFault(word, err);
      throw err;
    }
  }
}
