import { lexHeredocWords } from './heredoc-lexer.ts';
import type { Heredoc } from './node.ts';

/** `^(\d*)<<(-?)\s*([^<]*)$`: fd digits, chomp dash, terminator word. */
const RE_HEREDOC = /^(\d*)<<(-?)[\t\n\f\r ]*([^<]*)$/;

/**
 * BuildKit's `ParseHeredoc`: whether one shell word (quotes and escapes still raw) opens a
 * heredoc, e.g. `<<EOF`, `3<<-'EOF'`. Returns undefined when it does not (including when
 * the terminator is several words). `content` is left empty. Throws ParseError
 * (`parse/heredoc`) when the terminator has unbalanced quotes.
 */
export function parseHeredocWord(word: string): Heredoc | undefined {
  const m = RE_HEREDOC.exec(word);
  if (!m) return undefined;
  const rest = m[3]!;
  if (rest === '') return undefined;
  const words = lexHeredocWords(rest, { rawQuotes: false, rawEscapes: false });
  if (words.length !== 1) return undefined;
  const raw = lexHeredocWords(rest, { rawQuotes: true, rawEscapes: false });
  const name = words[0]!;
  // Quotes that the lexer removed were real quoting: the body is then not expanded.
  const expand = countQuotes(name) === countQuotes(raw[0] ?? '');
  return { name, fileDescriptor: m[1] ? Number.parseInt(m[1], 10) : 0, expand, chomp: m[2] === '-', content: '' };
}

/**
 * BuildKit's `heredocsFromLine`: the heredocs an instruction line opens, in order (bodies
 * still empty). The line is split like a shell would with quotes and escapes kept, so
 * `"<<EOF"` is not a heredoc; a line whose quotes do not balance opens none.
 */
export function heredocsFromLine(line: string): Heredoc[] {
  let words: string[];
  try {
    words = lexHeredocWords(line, { rawQuotes: true, rawEscapes: true });
  } catch {
    return [];
  }
  const docs: Heredoc[] = [];
  for (const word of words) {
    const doc = parseHeredocWord(word);
    if (doc) docs.push(doc);
  }
  return docs;
}

/** BuildKit's `ChompHeredocContent`: removes leading tabs from every line (for `<<-`). */
export function chompHeredocContent(content: string): string {
  return content.replace(/(^|\n)\t+/g, '$1');
}

function countQuotes(s: string): number {
  let n = 0;
  for (const c of s) if (c === "'" || c === '"') n++;
  return n;
}
