import { isGoSpace, trimGoSpace } from './go-text.ts';

/** BuildKit's `reWhitespace`: `[\t\v\f\r ]+`. */
export const RE_WHITESPACE = /[\t\v\f\r ]+/;

/** An instruction line cut into keyword, builder flags and the remaining argument text. */
export interface SplitCommand {
  /** Keyword as written. */
  readonly keyword: string;
  readonly flags: string[];
  /** Argument text after the flags, trimmed. */
  readonly rest: string;
}

/**
 * BuildKit's `splitCommand`: the keyword is the first whitespace-delimited word of the
 * trimmed line; leading `--flag` words of the remainder become flags.
 */
export function splitCommand(line: string): SplitCommand {
  const trimmed = trimGoSpace(line);
  const m = RE_WHITESPACE.exec(trimmed);
  if (!m) return { keyword: trimmed, flags: [], rest: '' };
  const keyword = trimmed.slice(0, m.index);
  const { rest, flags } = extractBuilderFlags(trimmed.slice(m.index + m[0].length));
  return { keyword, flags, rest: trimGoSpace(rest) };
}

/**
 * BuildKit's `extractBuilderFlags`: words at the start that begin with `--` are flags
 * (quotes removed, `\` escapes the next character); the first other word ends them, and a
 * bare `--` ends them explicitly and is dropped.
 */
export function extractBuilderFlags(line: string): { rest: string; flags: string[] } {
  const flags: string[] = [];
  let phase: 'spaces' | 'word' | 'quote' = 'spaces';
  let word = '';
  let quote = '';
  let blankOK = false;
  const n = line.length;
  for (let pos = 0; pos <= n; pos++) {
    let ch = pos < n ? line[pos]! : '';
    if (phase === 'spaces') {
      if (pos === n) break;
      if (isGoSpace(ch)) continue;
      if (ch !== '-' || pos + 1 === n || line[pos + 1] !== '-') return { rest: line.slice(pos), flags };
      phase = 'word';
    }
    if (pos === n) {
      if (word !== '--' && (blankOK || word.length > 0)) flags.push(word);
      break;
    }
    if (phase === 'word') {
      if (isGoSpace(ch)) {
        phase = 'spaces';
        if (word === '--') return { rest: line.slice(pos), flags };
        if (blankOK || word.length > 0) flags.push(word);
        word = '';
        blankOK = false;
        continue;
      }
      if (ch === "'" || ch === '"') {
        quote = ch;
        blankOK = true;
        phase = 'quote';
        continue;
      }
      if (ch === '\\') {
        if (pos + 1 === n) continue;
        ch = line[++pos]!;
      }
      word += ch;
      continue;
    }
    // phase === 'quote'
    if (ch === quote) {
      phase = 'word';
      continue;
    }
    if (ch === '\\') {
      if (pos + 1 === n) {
        phase = 'word';
        continue;
      }
      ch = line[++pos]!;
    }
    word += ch;
  }
  return { rest: '', flags };
}
