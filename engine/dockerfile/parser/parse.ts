import { EngineError, ParseError, type Range } from '../../source/index.ts';
import { DirectiveError, DirectiveState } from './directives.ts';
import { isGoSpace, trimGoSpace, trimLeftGoSpace } from './go-text.ts';
import { heredocsFromLine } from './heredoc.ts';
import { LINE_TOO_LONG_MESSAGE, LineScanner, trimNewline } from './line-scanner.ts';
import { canContainHeredoc, newNodeFromLine, type LineNode } from './node-from-line.ts';
import type { Heredoc, Node, ParseResult, ParseWarning } from './node.ts';

/**
 * Instructions one Dockerfile may have. BuildKit has no limit of its own; ours bounds the
 * front end's time and memory (20,000 `ENV` lines still build in a few seconds).
 */
export const MAX_INSTRUCTIONS = 50_000;
export const TOO_MANY_INSTRUCTIONS_MESSAGE = `dockerfile has more than ${MAX_INSTRUCTIONS} instructions (stageplay's limit)`;

const BOM = '\ufeff';

/**
 * Turns Dockerfile text into nodes exactly as BuildKit's `parser.Parse` does: BOM and CRLF
 * handling, parser directives, comments, line continuations, per-instruction argument
 * shapes, flags, JSON exec form and heredocs. Throws ParseError with BuildKit's message, a
 * stable `code` and the range of the offending line(s).
 */
export function parse(text: string): ParseResult {
  const d = new DirectiveState();
  const scanner = new LineScanner(text);
  const nodes: Node[] = [];
  const warnings: ParseWarning[] = [];
  let comments: string[] = [];

  while (scanner.scan()) {
    let raw = scanner.text;
    const lineNo = scanner.line;
    if (lineNo === 1 && raw.startsWith(BOM)) raw = raw.slice(BOM.length);
    if (isComment(raw)) {
      const comment = trimGoSpace(raw.slice(1));
      if (comment === '') comments = [];
      else comments.push(comment);
    }
    const first = trimLeftGoSpace(trimNewline(raw));
    if (directiveLine(d, first, lineNo)) comments.pop();
    const firstCut = d.trimContinuation(isComment(first) ? '' : first);
    if (firstCut.isEndOfLine && firstCut.line === '') continue;

    const startLine = lineNo;
    const startColumn = raw.length - trimLeftGoSpace(raw).length + 1;
    const parts = [firstCut.line];
    let isEndOfLine = firstCut.isEndOfLine;
    let hasEmptyContinuationLine = false;
    while (!isEndOfLine && scanner.scan()) {
      const token = trimNewline(scanner.text);
      directiveLine(d, token, scanner.line);
      if (isComment(token)) continue;
      if (trimLeftGoSpace(token) === '') {
        hasEmptyContinuationLine = true;
        continue;
      }
      const cut = d.trimContinuation(token);
      isEndOfLine = cut.isEndOfLine;
      parts.push(cut.line);
    }
    const line = parts.join('');

    if (hasEmptyContinuationLine) {
      warnings.push({ message: `Empty continuation line found in: ${line}`, range: wholeLines(scanner, scanner.line, scanner.line) });
    }

    let node: LineNode;
    try {
      node = newNodeFromLine(line, d.escapeToken);
    } catch (err) {
      throw located(err, wholeLines(scanner, startLine, scanner.line));
    }

    const heredocs: Heredoc[] = [];
    if (canContainHeredoc(node) && line.includes('<<')) {
      let found;
      try {
        found = heredocsFromLine(line);
      } catch (err) {
        throw located(err, wholeLines(scanner, startLine, scanner.line));
      }
      for (const doc of found) {
        const body: string[] = [];
        let terminated = false;
        while (scanner.scan()) {
          let candidate = trimNewline(scanner.text);
          if (doc.chomp) candidate = candidate.replace(/^\t+/, '');
          if (candidate === doc.name) {
            terminated = true;
            break;
          }
          body.push(scanner.text);
        }
        if (!terminated) {
          throw new ParseError('parse/unterminated-heredoc', 'unterminated heredoc', [wholeLines(scanner, startLine, lastLine(scanner))], {
            name: doc.name,
          });
        }
        heredocs.push({ ...doc, content: body.join('') });
      }
    }

    const range: Range = {
      start: { line: startLine, column: startColumn },
      end: { line: scanner.line, column: trimNewline(scanner.text).length + 1 },
    };
    if (nodes.length === MAX_INSTRUCTIONS) {
      throw new ParseError('parse/too-many-instructions', TOO_MANY_INSTRUCTIONS_MESSAGE, [range]);
    }
    nodes.push(toNode(node, range, comments, heredocs));
    comments = [];
  }

  if (nodes.length === 0) {
    const at = Math.max(1, scanner.tooLongLine ?? scanner.line);
    throw new ParseError('parse/no-instructions', 'file with no instructions', [wholeLines(scanner, at, at)]);
  }
  if (scanner.tooLongLine !== undefined) {
    const at = scanner.tooLongLine;
    throw new ParseError('parse/line-too-long', LINE_TOO_LONG_MESSAGE, [{ start: { line: at, column: 1 }, end: { line: at, column: 1 } }]);
  }
  return {
    nodes,
    escapeToken: d.escapeToken,
    directives: d.directives,
    warnings,
    startLine: nodes[0]!.range.start.line,
    endLine: nodes[nodes.length - 1]!.range.end.line,
  };
}

/** A line whose first non-blank character is `#` (BuildKit's `isComment`). */
function isComment(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    if (!isGoSpace(line[i])) return line[i] === '#';
  }
  return false;
}

/** Feeds a line to the directive parser, turning its errors into located ParseErrors. */
function directiveLine(d: DirectiveState, line: string, lineNo: number): boolean {
  try {
    return d.parseLine(line);
  } catch (err) {
    if (err instanceof DirectiveError) {
      throw new ParseError(err.code, err.message, [{ start: { line: lineNo, column: 1 }, end: { line: lineNo, column: line.length + 1 } }]);
    }
    throw err;
  }
}

function located(err: unknown, range: Range): EngineError {
  if (err instanceof EngineError) {
    if (err.ranges.length === 0) err.ranges = [range];
    return err;
  }
  return new ParseError('parse/internal', err instanceof Error ? err.message : String(err), [range]);
}

/** Range from column 1 of `from` to the end of `to` (only `to`'s length is known here). */
function wholeLines(scanner: LineScanner, from: number, to: number): Range {
  const endColumn = to === scanner.line ? trimNewline(scanner.text).length + 1 : 1;
  return { start: { line: from, column: 1 }, end: { line: to, column: endColumn } };
}

function lastLine(scanner: LineScanner): number {
  return Math.max(1, scanner.line);
}

function toNode(n: LineNode, range: Range, prevComment: readonly string[], heredocs: readonly Heredoc[]): Node {
  const chain: LineNode[] = [];
  for (let cur: LineNode | undefined = n; cur; cur = cur.inner) chain.push(cur);
  let inner: Node | undefined;
  for (let i = chain.length - 1; i >= 0; i--) {
    const c = chain[i]!;
    inner = {
      name: c.name,
      keyword: c.keyword,
      args: c.args,
      flags: c.flags,
      json: c.json,
      heredocs: i === 0 ? heredocs : [],
      ...(inner ? { inner } : {}),
      original: c.original,
      range,
      prevComment: i === 0 ? prevComment : [],
    };
  }
  return inner!;
}
