import { describe, expect, it } from 'vitest';
import { ShellLex } from './lex.ts';

const env = new Map([
  ['PWD', '/home'],
  ['SPACE', 'a  b'],
  ['EMPTY', ''],
]);

describe('ShellLex with the backtick escape token', () => {
  const lex = new ShellLex('`');

  it('escapes with ` and keeps \\ literal', () => {
    expect(lex.processWord('he`$PWD', env)).toBe('he$PWD');
    expect(lex.processWord('C:\\dir\\$PWD', env)).toBe('C:\\dir\\/home');
    expect(lex.processWord('a``b', env)).toBe('a`b');
    expect(lex.processWord('trailing`', env)).toBe('trailing');
  });

  it('escapes ", $ and ` inside double quotes, nothing else', () => {
    expect(lex.processWord('"a`"b"', env)).toBe('a"b');
    expect(lex.processWord('"a`$PWD"', env)).toBe('a$PWD');
    expect(lex.processWord('"a``b"', env)).toBe('a`b');
    expect(lex.processWord('"a`tb"', env)).toBe('a`tb');
    expect(lex.processWord('"a\\"', env)).toBe('a\\');
  });

  it('keeps escaped spaces in one word', () => {
    expect(lex.processWords('a` b c', env)).toEqual(['a b', 'c']);
    expect(lex.processWords('a\\ b', env)).toEqual(['a\\', 'b']);
  });
});

describe('rawQuotes', () => {
  const lex = new ShellLex('\\', { rawQuotes: true });

  it('keeps quote characters but still honours them', () => {
    expect(lex.processWord(`'a b'"c"`, env)).toBe(`'a b'"c"`);
    expect(lex.processWord(`'$PWD' "$PWD"`, env)).toBe(`'$PWD' "/home"`);
    expect(lex.processWords(`'a b' "c  d" e`, env)).toEqual([`'a b'`, `"c  d"`, 'e']);
    expect(lex.processWords(`"$SPACE"`, env)).toEqual([`"a  b"`]);
  });

  it('still removes escapes', () => {
    expect(lex.processWord('"a\\"b" c\\ d', env)).toBe('"a"b" c d');
  });
});

describe('rawEscapes', () => {
  const lex = new ShellLex('\\', { rawEscapes: true });

  it('keeps escape characters but still honours them', () => {
    expect(lex.processWord('a\\ b\\$PWD', env)).toBe('a\\ b\\$PWD');
    expect(lex.processWords('a\\ b c', env)).toEqual(['a\\ b', 'c']);
    expect(lex.processWord('"a\\"b"', env)).toBe('a\\"b');
    // BuildKit writes the kept escape, then the backslash itself once more.
    expect(lex.processWord('"a\\tb"', env)).toBe('a\\\\tb');
    expect(lex.processWord('end\\', env)).toBe('end\\');
  });

  it('is switched off inside ${X:-word} and on inside ${X#pattern}, as in BuildKit', () => {
    expect(lex.processWord('${UNSET:-\\$x}', env)).toBe('$x');
    expect(lex.processWord('${UNSET:-a\\ b}', env)).toBe('a b');
    expect(lex.processWord('x${UNSET:-a}\\ b', env)).toBe('xa\\ b');
    expect(new ShellLex().processWord('${PWD#\\/}', env)).toBe('home');
  });
});

describe('skipUnsetEnv', () => {
  const lex = new ShellLex('\\', { skipUnsetEnv: true });

  it('leaves references to unset variables as written', () => {
    expect(lex.processWord('$X ${Y} $PWD ${PWD}', env)).toBe('$X ${Y} /home /home');
    expect(lex.processWord('${X:-d} ${X-d} ${X:+p} ${X?m} ${X#a} ${X%%b*}', env)).toBe(
      '${X:-d} ${X-d} ${X:+p} ${X?m} ${X#a} ${X%%b*}',
    );
    expect(lex.processWord('${X/a/b} ${X//a/b}', env)).toBe('${X/a/b} ${X/a/b}');
  });

  it('expands set variables, including empty ones', () => {
    expect(lex.processWord('[$EMPTY] ${EMPTY:-d} ${PWD:+p}', env)).toBe('[] d p');
  });

  it('keeps the nested word as expanded', () => {
    expect(lex.processWord('${X:-$PWD}', env)).toBe('${X:-/home}');
  });
});

describe('skipProcessQuotes', () => {
  it('treats quotes as ordinary characters', () => {
    const lex = new ShellLex('\\', { skipProcessQuotes: true });
    expect(lex.processWord(`'$PWD' "x`, env)).toBe(`'/home' "x`);
    expect(lex.processWords(`"a b"`, env)).toEqual(['"a', 'b"']);
  });
});

describe('names and quoting', () => {
  const lex = new ShellLex();

  it('reads Unicode letters and digits as name characters, case-sensitively', () => {
    const e = new Map([
      ['é1', 'E'],
      ['pwd', 'lower'],
    ]);
    expect(lex.processWord('[$é1.][${é1}]', e)).toBe('[E.][E]');
    expect(lex.processWord('$PWD$pwd', new Map([...env, ...e]))).toBe('/homelower');
  });

  it('expands special and positional parameters to nothing', () => {
    expect(lex.processWord('a$@$*$#$?$-$$$!$0$12b', env)).toBe('ab');
    expect(lex.processWord('$ $. ${PWD}$', env)).toBe('$ $. /home$');
  });

  it('splits on whitespace from expansions but not from quotes', () => {
    expect(lex.processWords('x${SPACE}y', env)).toEqual(['xa', 'by']);
    expect(lex.processWords(`x"$SPACE"y  'z  w'`, env)).toEqual(['xa  by', 'z  w']);
    expect(lex.processWords('a "" b', env)).toEqual(['a', 'b']);
    expect(lex.processWords('  ', env)).toEqual([]);
  });

  it('splits on any Unicode white space, as Go does', () => {
    expect(lex.processWords('a\u00a0b\u0085c\u3000d', env)).toEqual(['a', 'b', 'c', 'd']);
    expect(lex.processWords('a\ufeffb', env)).toEqual(['a\ufeffb']);
  });

  it('skips a leading byte-order mark like text/scanner', () => {
    expect(lex.processWord('\ufeffabc', env)).toBe('abc');
  });

  it('nests expansions in modifier words', () => {
    expect(lex.processWord('${A:-${B:-${PWD}}}/x', env)).toBe('/home/x');
    expect(lex.processWord("${A:-'}'}", env)).toBe('}');
    expect(lex.processWord('${A:-"a b"}', env)).toBe('a b');
  });

  it('processWord keeps internal spaces', () => {
    expect(lex.processWord('  a   b ', env)).toBe('  a   b ');
  });
});
