import { ParseError } from '../../source/index.ts';
import { trimLeftGoSpace } from './go-text.ts';

/** BuildKit's `errDockerfileNotStringArray` message. */
export const JSON_STRINGS_ONLY = 'when using JSON array syntax, arrays must be comprised of strings only';

/**
 * BuildKit's `parseJSON`: the text (after leading blanks) must start with `[`, and its
 * text must decode as an array, with nothing but whitespace after it (`json.Unmarshal`, since
 * BuildKit 0.15; older versions ignored what followed). Returns undefined when the text is not a JSON array (the
 * caller falls back to shell form); throws `parse/json-strings-only` when the array holds
 * anything but strings.
 */
export function parseJSONArray(rest: string): string[] | undefined {
  const text = trimLeftGoSpace(rest);
  if (!text.startsWith('[')) return undefined;
  const end = endOfFirstValue(text);
  // json.Unmarshal: only JSON whitespace may follow the array (`RUN ["a"]junk` is shell form)
  if (end < 0 || !/^[ \t\r\n]*$/.test(text.slice(end))) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text.slice(0, end));
  } catch {
    return undefined;
  }
  if (!Array.isArray(value)) return undefined;
  for (const v of value) {
    if (typeof v !== 'string') throw new ParseError('parse/json-strings-only', JSON_STRINGS_ONLY);
  }
  return value as string[];
}

/**
 * Index just past the bracket that closes the array opening at 0, skipping over JSON
 * strings; -1 when it never closes. Syntax inside is checked later by `JSON.parse`.
 */
function endOfFirstValue(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) {
        if (text[i] === '\\') i++;
      }
      if (i >= text.length) return -1;
    } else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}
