import { ParseError } from '../../source/index.ts';
import { goQuote, isGoSpace } from './go-text.ts';
import { parseJSONArray } from './json-args.ts';
import { RE_WHITESPACE } from './split-command.ts';

/** What a line parser makes of an instruction's argument text. */
export interface ParsedArgs {
  readonly args: string[];
  /** Exec (JSON array) form. */
  readonly json: boolean;
}

/** A line parser: argument text (flags already removed, trimmed) → args. */
export type LineParser = (rest: string, escapeToken: string) => ParsedArgs;

const NONE: ParsedArgs = { args: [], json: false };
const RE_WHITESPACE_ALL = new RegExp(RE_WHITESPACE.source, 'g');

/** Unknown instructions keep no arguments (BuildKit's `parseIgnore`). */
export const parseIgnore: LineParser = () => NONE;

/** MAINTAINER, USER, WORKDIR, STOPSIGNAL: the whole text as one argument. */
export const parseString: LineParser = (rest) => (rest === '' ? NONE : { args: [rest], json: false });

/** FROM, EXPOSE: split on every run of blanks, no quote or escape awareness. */
export const parseStringsWhitespaceDelimited: LineParser = (rest) =>
  rest === '' ? NONE : { args: rest.split(RE_WHITESPACE_ALL), json: false };

/** RUN, CMD, ENTRYPOINT, SHELL: a JSON array of strings, else the whole text (shell form). */
export const parseMaybeJSON: LineParser = (rest) => {
  if (rest === '') return NONE;
  const arr = parseJSONArray(rest);
  return arr ? { args: arr, json: true } : { args: [rest], json: false };
};

/** COPY, ADD, VOLUME: a JSON array of strings, else whitespace-split words. */
export const parseMaybeJSONToList: LineParser = (rest, esc) => {
  const arr = parseJSONArray(rest);
  return arr ? { args: arr, json: true } : parseStringsWhitespaceDelimited(rest, esc);
};

/** HEALTHCHECK: the first word (`CMD`, `NONE`, ...) then the rest as for CMD. */
export const parseHealthConfig: LineParser = (rest, esc) => {
  let sep = 0;
  while (sep < rest.length && !isGoSpace(rest[sep])) sep++;
  if (sep === 0) return NONE;
  let next = sep;
  while (next < rest.length && isGoSpace(rest[next])) next++;
  const cmd = parseMaybeJSON(rest.slice(next), esc);
  return { args: [rest.slice(0, sep), ...cmd.args], json: cmd.json };
};

/** ARG: one argument per word (quotes kept), `name` or `name=value`. */
export const parseNameOrNameVal: LineParser = (rest, esc) => ({ args: parseWords(rest, esc), json: false });

/** ENV: `name value sep` triples (see {@link parseNameVal}). */
export const parseEnv: LineParser = (rest, esc) => parseNameVal(rest, 'ENV', esc);

/** LABEL: `name value sep` triples (see {@link parseNameVal}). */
export const parseLabel: LineParser = (rest, esc) => parseNameVal(rest, 'LABEL', esc);

/**
 * BuildKit's `parseNameVal`. If the first word has no `=`, the legacy form `KEY value...`
 * gives one triple `[key, remainder, ""]`; otherwise every word must be `name=value` and
 * gives `[name, value, "="]`. Quotes and escapes stay raw.
 */
export function parseNameVal(rest: string, key: string, esc: string): ParsedArgs {
  const words = parseWords(rest, esc);
  if (words.length === 0) return NONE;
  if (!words[0]!.includes('=')) {
    const m = RE_WHITESPACE.exec(rest);
    if (!m) throw new ParseError('parse/env-arity', `${key} must have two arguments`, [], { instruction: key });
    return { args: [rest.slice(0, m.index), rest.slice(m.index + m[0].length), ''], json: false };
  }
  const args: string[] = [];
  for (const word of words) {
    const eq = word.indexOf('=');
    if (eq < 0) {
      throw new ParseError(
        'parse/name-val-syntax',
        `Syntax error - can't find = in ${goQuote(word)}. Must be of the form: name=value`,
        [],
        { word },
      );
    }
    args.push(word.slice(0, eq), word.slice(eq + 1), '=');
  }
  return { args, json: false };
}

/**
 * BuildKit's `parseWords`: split on blanks, honouring quotes and the escape token, keeping
 * both in the words (they are removed later, at expansion). An escape token at the very end
 * is dropped.
 */
export function parseWords(rest: string, esc: string): string[] {
  const words: string[] = [];
  let phase: 'spaces' | 'word' | 'quote' = 'spaces';
  let word = '';
  let quote = '';
  let blankOK = false;
  const n = rest.length;
  let width = 0;
  for (let pos = 0; pos <= n; pos += width) {
    let ch = '';
    if (pos < n) {
      ch = String.fromCodePoint(rest.codePointAt(pos)!);
      width = ch.length;
    }
    if (phase === 'spaces') {
      if (pos === n) break;
      if (isGoSpace(ch)) continue;
      phase = 'word';
    }
    if (pos === n) {
      if (blankOK || word.length > 0) words.push(word);
      break;
    }
    if (phase === 'word') {
      if (isGoSpace(ch)) {
        phase = 'spaces';
        if (blankOK || word.length > 0) words.push(word);
        word = '';
        blankOK = false;
        continue;
      }
      if (ch === "'" || ch === '"') {
        quote = ch;
        blankOK = true;
        phase = 'quote';
      }
      if (ch === esc) {
        if (pos + width === n) continue;
        word += ch;
        pos += width;
        ch = String.fromCodePoint(rest.codePointAt(pos)!);
        width = ch.length;
      }
      word += ch;
      continue;
    }
    // phase === 'quote'
    if (ch === quote) phase = 'word';
    if (ch === esc && quote !== "'") {
      if (pos + width === n) {
        phase = 'word';
        continue;
      }
      pos += width;
      word += ch;
      ch = String.fromCodePoint(rest.codePointAt(pos)!);
      width = ch.length;
    }
    word += ch;
  }
  return words;
}
