import { describe, expect, it } from 'vitest';
import { parseScript } from './parser.ts';
import { ShSyntaxError } from './errors.ts';
import type { Command } from './ast.ts';

function first(src: string): Command {
  return parseScript(src).items[0]!.cmd;
}

/** Busybox ash's messages (checked against busybox 1.35 `sh -c`). */
const ERRORS: [string, string][] = [
  ['fi', 'syntax error: unexpected "fi"'],
  ['then', 'syntax error: unexpected "then"'],
  ['if true; then echo', 'syntax error: unexpected end of file (expecting "fi")'],
  ['if true; then echo a; done', 'syntax error: unexpected "done" (expecting "fi")'],
  ['if true; then done', 'syntax error: unexpected "done"'],
  ['if then fi', 'syntax error: unexpected "then"'],
  ['for x in; do', 'syntax error: unexpected end of file (expecting "done")'],
  ['for 1 in a; do :; done', 'syntax error: bad for loop variable'],
  ['while true; do done', 'syntax error: unexpected "done"'],
  ['while do', 'syntax error: unexpected "do"'],
  ['( echo', 'syntax error: unexpected end of file (expecting ")")'],
  ['{ echo a', 'syntax error: unexpected end of file (expecting "}")'],
  ['{ }', 'syntax error: unexpected "}"'],
  ['case x in', 'syntax error: unexpected end of file (expecting ")")'],
  ['case a in b) echo;; esac; esac', 'syntax error: unexpected "esac"'],
  ['echo "abc', 'syntax error: unterminated quoted string'],
  ["echo 'abc", 'syntax error: unterminated quoted string'],
  ['echo a; ;', 'syntax error: unexpected ";"'],
  ['echo a |', 'syntax error: unexpected end of file'],
  ['echo a &&', 'syntax error: unexpected end of file'],
  ['echo a >', 'syntax error: unexpected end of file'],
  ['echo a > ;', 'syntax error: unexpected ";"'],
  [')', 'syntax error: unexpected ")"'],
  ['echo ${x', "syntax error: missing '}'"],
  ['do', 'syntax error: unexpected "do"'],
  ['else', 'syntax error: unexpected "else"'],
];

describe('parseScript', () => {
  it.each(ERRORS)('%s → %s', (src, msg) => {
    let err: unknown;
    try {
      parseScript(src);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ShSyntaxError);
    expect((err as Error).message).toBe(msg);
  });

  it('parses assignments, words and redirections of a simple command', () => {
    const c = first('GOOS=linux CGO_ENABLED=0 go build -o /out/app ./cmd/server 2>&1 >log');
    expect(c.k).toBe('simple');
    if (c.k !== 'simple') return;
    expect(c.assigns.map((a) => [a.name, a.value.raw])).toEqual([['GOOS', 'linux'], ['CGO_ENABLED', '0']]);
    expect(c.words.map((w) => w.raw)).toEqual(['go', 'build', '-o', '/out/app', './cmd/server']);
    expect(c.redirs.map((r) => [r.fd, r.op, r.target.raw])).toEqual([[2, '>&', '1'], [1, '>', 'log']]);
  });

  it('keeps quoting on word parts', () => {
    const c = first(`echo "a $x" 'b' c\\ d`);
    if (c.k !== 'simple') throw new Error(c.k);
    expect(c.words[1]!.parts).toEqual([{ k: 'lit', v: 'a ', q: true }, { k: 'param', name: 'x', q: true }]);
    expect(c.words[2]!.parts).toEqual([{ k: 'lit', v: 'b', q: true }]);
    expect(c.words[3]!.parts).toEqual([{ k: 'lit', v: 'c', q: false }, { k: 'lit', v: ' ', q: true }, { k: 'lit', v: 'd', q: false }]);
  });

  it('parses ${...} operators, $(...), backquotes and $((...))', () => {
    const c = first('echo ${a:-x} ${#b} ${c%%.*} $(ls /) `pwd` $((1+2))');
    if (c.k !== 'simple') throw new Error(c.k);
    const kinds = c.words.slice(1).map((w) => w.parts[0]!);
    expect(kinds.map((p) => p.k)).toEqual(['param', 'param', 'param', 'cmd', 'cmd', 'arith']);
    expect(kinds[0]).toMatchObject({ name: 'a', op: ':-' });
    expect(kinds[1]).toMatchObject({ name: 'b', length: true });
    expect(kinds[2]).toMatchObject({ name: 'c', op: '%%' });
  });

  it('builds and-or lists, pipelines and compound commands', () => {
    expect(first('a && b || c').k).toBe('andor');
    expect(first('! a | b').k).toBe('pipeline');
    expect(first('if a; then b; elif c; then d; else e; fi')).toMatchObject({ k: 'if', clauses: [{}, {}] });
    expect(first('for i in 1 2; do :; done')).toMatchObject({ k: 'for', name: 'i' });
    expect(first('for i do :; done')).toMatchObject({ k: 'for', name: 'i' });
    expect(first('until a; do b; done')).toMatchObject({ k: 'while', until: true });
    expect(first('case $x in a|b) :;; (c) :;; esac')).toMatchObject({ k: 'case', items: [{ patterns: [{}, {}] }, {}] });
    expect(first('f() { :; }')).toMatchObject({ k: 'func', name: 'f', body: { k: 'group' } });
    expect(first('( a ) > out')).toMatchObject({ k: 'subshell', redirs: [{ op: '>' }] });
  });

  it('reads heredoc bodies after the line, quoted delimiters stay literal', () => {
    const l = parseScript("cat <<A; cat <<'B'\none $x\nA\ntwo $y\nB\necho end");
    expect(l.items).toHaveLength(3);
    const a = l.items[0]!.cmd;
    const b = l.items[1]!.cmd;
    if (a.k !== 'simple' || b.k !== 'simple') throw new Error();
    expect(a.redirs[0]!.heredoc!.parts.map((p) => p.k)).toEqual(['lit', 'param', 'lit']);
    expect(b.redirs[0]!.heredoc!.parts).toEqual([{ k: 'lit', v: 'two $y\n', q: true }]);
  });

  it('records line numbers and joins continued lines', () => {
    const l = parseScript('echo a \\\n  b\n\n# comment\necho c');
    expect(l.items.map((i) => (i.cmd.k === 'simple' ? i.cmd.line : 0))).toEqual([1, 5]);
    const c = l.items[0]!.cmd;
    if (c.k === 'simple') expect(c.words.map((w) => w.raw)).toEqual(['echo', 'a', 'b']);
  });
});
