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
 *
 * Each instruction goes through three phases: its logical line is gathered across
 * continuations (`readInstruction`), the line becomes a node (`newNodeFromLine`), and the
 * bodies of its heredocs are read from the lines after it (`readHeredocs`).
 */
export function parse(text: string): ParseResult {
  const d = new DirectiveState();
  const scanner = new LineScanner(text);
  const nodes: Node[] = [];
  const warnings: ParseWarning[] = [];
  const comments: string[] = [];

  while (scanner.scan()) {
    const logical = readInstruction(scanner, d, comments);
    if (!logical) continue;
    const { line, startLine } = logical;
    if (logical.hasEmptyContinuationLine) {
      warnings.push({ message: `Empty continuation line found in: ${line}`, range: wholeLines(scanner, scanner.line, scanner.line) });
    }
    let node: LineNode;
    try {
      node = newNodeFromLine(line, d.escapeToken);
    } catch (err) {
      throw located(err, wholeLines(scanner, startLine, scanner.line));
    }
    const heredocs = canContainHeredoc(node) && line.includes('<<') ? readHeredocs(scanner, line, startLine) : [];
    const range: Range = {
      start: { line: startLine, column: logical.startColumn },
      end: { line: scanner.line, column: trimNewline(scanner.text).length + 1 },
    };
    if (nodes.length === MAX_INSTRUCTIONS) {
      throw new ParseError('parse/too-many-instructions', TOO_MANY_INSTRUCTIONS_MESSAGE, [range]);
    }
    nodes.push(toNode(node, range, comments.splice(0), heredocs));
  }
  return finish(scanner, d, nodes, warnings);
}

/** One instruction's logical line, joined across its continuation lines. */
interface LogicalLine {
  readonly line: string;
  readonly startLine: number;
  readonly startColumn: number;
  /** A blank line inside the continuation (BuildKit warns about it). */
  readonly hasEmptyContinuationLine: boolean;
}

/**
 * Reads the instruction that starts at the scanner's current line, with its continuation
 * lines; comments before it collect in `comments` (a blank comment clears them) and parser
 * directives go to `d`. Undefined for a line that holds no instruction.
 */
function readInstruction(scanner: LineScanner, d: DirectiveState, comments: string[]): LogicalLine | undefined {
  let raw = scanner.text;
  const lineNo = scanner.line;
  if (lineNo === 1 && raw.startsWith(BOM)) raw = raw.slice(BOM.length);
  if (isComment(raw)) {
    const comment = trimGoSpace(raw.slice(1));
    if (comment === '') comments.length = 0;
    else comments.push(comment);
  }
  const first = trimLeftGoSpace(trimNewline(raw));
  if (directiveLine(d, first, lineNo)) comments.pop();
  const firstCut = d.trimContinuation(isComment(first) ? '' : first);
  if (firstCut.isEndOfLine && firstCut.line === '') return undefined;

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
  return { line: parts.join(''), startLine: lineNo, startColumn: raw.length - trimLeftGoSpace(raw).length + 1, hasEmptyContinuationLine };
}

/** The bodies of the heredocs `line` opens, read from the lines after it, each up to its terminator. */
function readHeredocs(scanner: LineScanner, line: string, startLine: number): Heredoc[] {
  let found;
  try {
    found = heredocsFromLine(line);
  } catch (err) {
    throw located(err, wholeLines(scanner, startLine, scanner.line));
  }
  const heredocs: Heredoc[] = [];
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
  return heredocs;
}

/** The whole file's checks once every line is read (no instructions, a line too long), then the result. */
function finish(scanner: LineScanner, d: DirectiveState, nodes: Node[], warnings: ParseWarning[]): ParseResult {
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
