import type { Directives } from './node.ts';

/** Directive keys BuildKit recognises (`validDirectives`). */
const VALID_DIRECTIVES = new Set(['syntax', 'escape', 'check']);

/** `^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$` with Go's `\s` (no `\v`). */
const DIRECTIVE_RE = /^#[\t\n\f\r ]*([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*(.+?)[\t\n\f\r ]*$/;

/** A directive problem; the caller turns it into a located ParseError. */
export class DirectiveError extends Error {
  constructor(
    readonly code: 'parse/directive' | 'parse/escape-token',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Parser-directive state (BuildKit's `directives` + `DirectiveParser`): directives are read
 * only until the first line that is not one, a key may appear once, and `escape` switches
 * the escape token, which is also the line-continuation token.
 */
export class DirectiveState {
  escapeToken = '\\';
  private done = false;
  private readonly seen: Record<string, string> = {};

  /** The directives found so far. */
  get directives(): Directives {
    return { ...this.seen };
  }

  /**
   * Feeds one line (newline trimmed; the first line of an instruction also left-trimmed).
   * Returns true when the line was a directive. Throws DirectiveError on a repeated key or
   * a bad escape token.
   */
  parseLine(line: string): boolean {
    if (this.done) return false;
    const m = DIRECTIVE_RE.exec(line);
    if (!m) {
      this.done = true;
      return false;
    }
    const key = m[1]!.toLowerCase();
    if (!VALID_DIRECTIVES.has(key)) {
      this.done = true;
      return false;
    }
    if (key in this.seen) throw new DirectiveError('parse/directive', `only one ${key} parser directive can be used`);
    const value = m[2]!;
    this.seen[key] = value;
    if (key === 'escape') this.setEscapeToken(value);
    return true;
  }

  private setEscapeToken(s: string): void {
    if (s !== '`' && s !== '\\') throw new DirectiveError('parse/escape-token', `invalid escape token '${s}' does not match \` or \\`);
    this.escapeToken = s;
  }

  /**
   * BuildKit's `trimContinuationCharacter`: a line ending (before trailing blanks) in the
   * escape token continues, unless the token is itself preceded by the escape token; the
   * token and the blanks are removed and nothing else changes.
   */
  trimContinuation(line: string): { line: string; isEndOfLine: boolean } {
    let end = line.length;
    while (end > 0 && (line[end - 1] === ' ' || line[end - 1] === '\t')) end--;
    if (end === 0 || line[end - 1] !== this.escapeToken) return { line, isEndOfLine: true };
    if (end === 1) return { line: '', isEndOfLine: false };
    if (line[end - 2] === this.escapeToken) return { line, isEndOfLine: true };
    return { line: line.slice(0, end - 1), isEndOfLine: false };
  }
}
