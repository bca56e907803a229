import { describe, expect, it } from 'vitest';
import { EngineError, ParseError } from '../../source/index.ts';
import { dumpNode, parse } from './index.ts';

function fails(text: string): ParseError {
  try {
    parse(text);
  } catch (err) {
    expect(err).toBeInstanceOf(ParseError);
    return err as ParseError;
  }
  throw new Error('expected a ParseError');
}

const dump = (text: string) => parse(text).nodes.map(dumpNode);

describe('ranges', () => {
  it('start at the keyword, end at the end of the last physical line', () => {
    const r = parse('FROM a\n\n   RUN echo a \\\n  b \\\n  cd\n');
    expect(r.nodes[0]!.range).toEqual({ start: { line: 1, column: 1 }, end: { line: 1, column: 7 } });
    expect(r.nodes[1]!.range).toEqual({ start: { line: 3, column: 4 }, end: { line: 5, column: 5 } });
    expect([r.startLine, r.endLine]).toEqual([1, 5]);
  });
  it('include heredoc bodies and their terminator', () => {
    const r = parse('FROM a\nRUN <<EOF\necho hi\nEOF\nUSER x\n');
    expect(r.nodes[1]!.range).toEqual({ start: { line: 2, column: 1 }, end: { line: 4, column: 4 } });
    expect(r.nodes[2]!.range.start.line).toBe(5);
  });
  it('count CRLF lines and BOM-prefixed first lines like LF ones', () => {
    const r = parse('\ufeffFROM a\r\nRUN x \\\r\n  y\r\n');
    expect(r.nodes.map(dumpNode)).toEqual(['(from "a")', '(run "x   y")']);
    expect(r.nodes[1]!.range).toEqual({ start: { line: 2, column: 1 }, end: { line: 3, column: 4 } });
  });
  it('give an ONBUILD trigger its parent range', () => {
    const r = parse('ONBUILD RUN x\n');
    expect(r.nodes[0]!.inner?.range).toEqual(r.nodes[0]!.range);
    expect(r.nodes[0]!.inner?.original).toBe('RUN x');
  });
});

describe('nodes', () => {
  it('keep the keyword as written and lower-case the name; unknown keywords get no args', () => {
    const n = parse('COPPY a b\n').nodes[0]!;
    expect([n.name, n.keyword, n.args, n.original]).toEqual(['coppy', 'COPPY', [], 'COPPY a b']);
  });
  it('extract flags with quotes removed, a bare -- ends them', () => {
    const n = parse('COPY --from="build stage" --chmod=7\\55 -- --not-a-flag dst\n').nodes[0]!;
    expect(n.flags).toEqual(['--from=build stage', '--chmod=755']);
    expect(n.args).toEqual(['--not-a-flag', 'dst']);
  });
  it('are shell form when anything but blanks follows the array, as json.Unmarshal (testInvalidJSONCommands)', () => {
    expect(dump('CMD ["a", "b"] c\nRUN ["echo", "hello"]this is invalid\nENTRYPOINT []junk\nCMD ["a"]  \t\n')).toEqual([
      '(cmd "[\\"a\\", \\"b\\"] c")',
      '(run "[\\"echo\\", \\"hello\\"]this is invalid")',
      '(entrypoint "[]junk")',
      '(cmd "a")',
    ]);
  });
  it('fall back to shell form on invalid JSON, also for COPY', () => {
    expect(dump('RUN ["a" "b"]\nCOPY [a, b]\n')).toEqual(['(run "[\\"a\\" \\"b\\"]")', '(copy "[a," "b]")']);
  });
  it('shape HEALTHCHECK, ONBUILD and ARG', () => {
    expect(dump('HEALTHCHECK --interval=1s CMD ["true"]\nONBUILD --x ADD a b\nARG a="x y" b\n')).toEqual([
      '(healthcheck ["--interval=1s"] "CMD" "true")',
      '(onbuild ["--x"] (add "a" "b"))',
      '(arg "a=\\"x y\\"" "b")',
    ]);
  });
  it('quote arguments like Go strconv.Quote', () => {
    expect(dump('LABEL a="é\u00a0\u0007☃𝄞"\n')).toEqual(['(label "a" "\\"é\\u00a0\\a☃𝄞\\"" "=")']);
  });
  it('attach heredocs to an ONBUILD of RUN, never to JSON form or other instructions', () => {
    const r = parse('ONBUILD RUN <<EOF\nbody\nEOF\nUSER <<EOF\nRUN ["<<EOF"]\n');
    expect(r.nodes[0]!.heredocs).toEqual([{ name: 'EOF', fileDescriptor: 0, expand: true, chomp: false, content: 'body\n' }]);
    expect(r.nodes.slice(1).map((n) => n.heredocs.length)).toEqual([0, 0]);
  });
  it('keep CRLF inside heredoc bodies and match CRLF terminators', () => {
    const r = parse('RUN <<-EOF\r\n\techo\r\n\tEOF\r\n');
    expect(r.nodes[0]!.heredocs[0]!.content).toBe('\techo\r\n');
  });
});

describe('comments and directives', () => {
  it('record comments above an instruction; a bare # resets them; directives are not comments', () => {
    const r = parse('# syntax=docker/dockerfile:1\n# first\n#\n# doc line\n\n  # indented\nFROM a\nRUN x\n');
    expect(r.nodes[0]!.prevComment).toEqual(['doc line', '# indented']);
    expect(r.nodes[1]!.prevComment).toEqual([]);
    expect(r.directives).toEqual({ syntax: 'docker/dockerfile:1' });
  });
  it('skip comment lines inside a continuation', () => {
    expect(dump('RUN a \\\n# gone \\\n  # gone too\n b\n')).toEqual(['(run "a  b")']);
  });
  it('honour escape, syntax and check at the top, case-insensitively and with blanks', () => {
    const r = parse('  # ESCAPE = `\n# check=skip=all\nFROM a\nRUN a`\nb\n');
    expect(r.escapeToken).toBe('`');
    expect(r.directives).toEqual({ escape: '`', check: 'skip=all' });
    expect(r.nodes.map(dumpNode)).toEqual(['(from "a")', '(run "ab")']);
  });
  it('ignore # escape= after an ordinary comment, a blank line or an unknown directive', () => {
    for (const head of ['# hello\n', '\n', '# foo=bar\n']) {
      const r = parse(`${head}# escape=\`\nFROM a\nRUN a\\\nb\n`);
      expect(r.escapeToken).toBe('\\');
      expect(r.nodes.map(dumpNode)).toEqual(['(from "a")', '(run "ab")']);
    }
  });
  it('do not continue a line ending in a doubled escape', () => {
    expect(dump('RUN a\\\\\nRUN b\n')).toEqual(['(run "a\\\\\\\\")', '(run "b")']);
  });
});

describe('warnings', () => {
  it('report empty continuation lines with the joined instruction', () => {
    const r = parse('FROM a\nRUN a \\\n\n  b\n');
    expect(r.warnings).toEqual([{ message: 'Empty continuation line found in: RUN a   b', range: { start: { line: 4, column: 1 }, end: { line: 4, column: 4 } } }]);
    expect(parse('FROM a\nRUN a \\\n# c\n  b\n').warnings).toEqual([]);
  });
});

describe('errors', () => {
  const cases: [string, string, string, number, number][] = [
    ['', 'parse/no-instructions', 'file with no instructions', 1, 1],
    ['# a\n\n', 'parse/no-instructions', 'file with no instructions', 2, 2],
    ['FROM a\nCMD [1]\n', 'parse/json-strings-only', 'when using JSON array syntax, arrays must be comprised of strings only', 2, 2],
    ['FROM a\nENV A\n', 'parse/env-arity', 'ENV must have two arguments', 2, 2],
    ['FROM a\nLABEL \\\n  A\n', 'parse/env-arity', 'LABEL must have two arguments', 2, 3],
    ['ENV a=b c\n', 'parse/name-val-syntax', 'Syntax error - can\'t find = in "c". Must be of the form: name=value', 1, 1],
    ['FROM a\nRUN <<EOF\nbody\n', 'parse/unterminated-heredoc', 'unterminated heredoc', 2, 3],
    ['# escape=`\n# Escape=\\\nFROM a\n', 'parse/directive', 'only one escape parser directive can be used', 2, 2],
    ['# syntax=a\n# syntax=b\nFROM a\n', 'parse/directive', 'only one syntax parser directive can be used', 2, 2],
    ['# escape=x\nFROM a\n', 'parse/escape-token', "invalid escape token 'x' does not match ` or \\", 1, 1],
  ];
  it.each(cases)('%j → %s', (text, code, message, start, end) => {
    const err = fails(text);
    expect([err.code, err.message]).toEqual([code, message]);
    expect(err.ranges.map((r) => [r.start.line, r.end.line])).toEqual([[start, end]]);
    expect(EngineError.fromJSON(JSON.parse(JSON.stringify(err.toJSON())))).toBeInstanceOf(ParseError);
  });

  it('reject a physical line over 65535 UTF-8 bytes, after the instructions before it', () => {
    const long = 'RUN ' + 'x'.repeat(65531);
    expect(parse(`FROM a\n${long}\n`).nodes).toHaveLength(2);
    const err = fails(`FROM a\n${long}x\nRUN b\n`);
    expect([err.code, err.message]).toEqual(['parse/line-too-long', 'dockerfile line greater than max allowed size of 65535']);
    expect(err.ranges[0]!.start.line).toBe(2);
    expect(fails(`FROM a\nRUN ${'é'.repeat(32766)}\n`).code).toBe('parse/line-too-long');
    expect(fails(`${long}x\n`).code).toBe('parse/no-instructions');
    expect(fails(`RUN <<EOF\n${long}x\nEOF\n`).code).toBe('parse/unterminated-heredoc');
  });
});
