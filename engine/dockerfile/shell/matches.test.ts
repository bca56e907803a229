import { describe, expect, it } from 'vitest';
import { ShellLex } from './lex.ts';

const lex = new ShellLex();
const m = (entries: Partial<Record<string, string>>) =>
  new Map(Object.entries(entries).filter((e): e is [string, string] => e[1] !== undefined));

describe('processWordWithMatches', () => {
  it.each([
    { input: 'x', env: {}, result: 'x', matched: [], unmatched: [] },
    { input: 'x ${NOPE}', env: { A: 'a' }, result: 'x ', matched: [], unmatched: ['NOPE'] },
    { input: '${A-1} ${B-2} ${C-3}', env: { A: 'a', B: '' }, result: 'a  3', matched: ['A', 'B'], unmatched: ['C'] },
    { input: '${A:-1} ${B:-2} ${C:-3}', env: { A: 'a', B: '' }, result: 'a 2 3', matched: ['A', 'B'], unmatched: ['C'] },
    { input: '${A+1} ${B+2} ${C+3}', env: { A: 'a', B: '' }, result: '1 2 ', matched: ['A', 'B'], unmatched: ['C'] },
    { input: '${A:+1} ${B:+2} ${C:+3}', env: { A: 'a', B: '' }, result: '1  ', matched: ['A', 'B'], unmatched: ['C'] },
    { input: '${A?no} ${B?no}', env: { A: 'a', B: '' }, result: 'a ', matched: ['A', 'B'], unmatched: [] },
    // The default word is expanded even when it is not used.
    { input: '${A:-$D}', env: { A: 'a' }, result: 'a', matched: ['A'], unmatched: ['D'] },
    { input: '$1 ${@}', env: {}, result: ' ', matched: [], unmatched: ['1', '@'] },
    {
      input: 'v-${VERSION}.${OS}-${ARCH}${VARIANT:+-${VARIANT}}.tgz',
      env: { VERSION: '1.2', OS: 'linux', ARCH: 'arm', VARIANT: 'v7' },
      result: 'v-1.2.linux-arm-v7.tgz',
      matched: ['VERSION', 'OS', 'ARCH', 'VARIANT'],
      unmatched: [],
    },
  ])('$input', ({ input, env, result, matched, unmatched }) => {
    const r = lex.processWordWithMatches(input, m(env));
    expect(r.result).toBe(result);
    expect([...r.matched].sort()).toEqual([...matched].sort());
    expect([...r.unmatched].sort()).toEqual([...unmatched].sort());
  });

  it('records names even when expansion then fails', () => {
    expect(() => lex.processWordWithMatches('${A} ${B?}', m({ A: '' }))).toThrow('B: is not allowed to be unset');
  });
});

describe('pattern modifiers', () => {
  it.each([
    // # and ## trim the shortest / longest prefix
    ['${FOO#*x*y}', { FOO: 'xxyy' }, 'y'],
    ['${FOO##*x}', { FOO: 'xxyy' }, 'yy'],
    ['${FOO#*}', { FOO: 'xxyy' }, 'xxyy'],
    ['${FOO##*}', { FOO: 'xxyy' }, ''],
    ['${FOO#}', { FOO: 'xxyy' }, 'xxyy'],
    ['${FOO##}', { FOO: 'xxyy' }, 'xxyy'],
    ['${FOO#?}', { FOO: 'xxyy' }, 'xyy'],
    ['${FOO#y}', { FOO: 'xxyy' }, 'xxyy'],
    ['${FOO#$BAR}', { FOO: 'xxyy', BAR: 'x' }, 'xyy'],
    ['${FOO#?\\?}', { FOO: '???y' }, '?y'],
    // % and %% trim the shortest / longest suffix
    ['${FOO%y*}', { FOO: 'xxyy' }, 'xxy'],
    ['${FOO%%y*}', { FOO: 'xxyy' }, 'xx'],
    ['${FOO%%x*}', { FOO: 'xxyy' }, ''],
    ['${FOO%}', { FOO: 'xxyy' }, 'xxyy'],
    ['${FOO%%\\**}', { FOO: 'xx**' }, 'xx'],
    ['${FOO%%\\**\\*}', { FOO: 'a***yy*' }, 'a'],
    ['${FOO%.*}', { FOO: 'app.tar.gz' }, 'app.tar'],
    ['${FOO%%.*}', { FOO: 'app.tar.gz' }, 'app'],
    ['${FOO##*/}', { FOO: '/usr/local/bin/go' }, 'go'],
    // regular-expression characters are literal; \} and \/ lose their backslash
    ['${FOO#()[]{\\}^$.\\*\\?|\\\\}', { FOO: '()[]{}^$.*?|\\x' }, 'x'],
    ['${FOO#a\\}}', { FOO: 'a}b' }, 'b'],
    // code points, not UTF-16 units; `*` and `?` do not match a newline (Go's `.`)
    ['${K#한}', { K: '한국어' }, '국어'],
    ['${K%?}', { K: '한국어👽' }, '한국어'],
    ['${FOO#*b}', { FOO: 'a\nb' }, 'a\nb'],
    ['${FOO#a?b}', { FOO: 'a\nb' }, 'a\nb'],
    // unset variables trim to nothing
    ['[${NOPE#a}]', {}, '[]'],
  ])('%s', (input, env, expected) => {
    expect(lex.processWord(input, m(env))).toBe(expected);
  });
});

describe('replacement', () => {
  it.each([
    ['${FOO/x/Z} ${FOO//x/Z}', { FOO: 'xxyy' }, 'Zxyy ZZyy'],
    ['${FOO//?/-}', { FOO: 'xxyy' }, '----'],
    ['${FOO/y*/-}', { FOO: 'xxyy' }, 'xx-'],
    // Go skips an empty match right after a match: one replacement, not two
    ['${FOO//*/-}', { FOO: 'xxyy' }, '-'],
    ['${FOO/$N/.} - ${FOO//$N/.}', { FOO: '/foo*/*/*.txt', N: '\\*/' }, '/foo.*/*.txt - /foo..*.txt'],
    ['${FOO/$N/} - ${FOO//$N/}', { FOO: '/tmp/tmp/bar.txt', N: '/tmp' }, '/tmp/bar.txt - /bar.txt'],
    ['${FOO/$N/$R} - ${FOO//$N/$R}', { FOO: '/a/foo/b/c.txt', N: '/?/', R: '/' }, '/foo/b/c.txt - /foo/c.txt'],
    ['${FOO/$N/$R}', { FOO: 'http://google.de', N: 'http://', R: 'https://' }, 'https://google.de'],
    ['${FOO//\\//\\/}', { FOO: '/tmp/foo.txt' }, '\\/tmp\\/foo.txt'],
    ['${FOO/$E/ww}', { FOO: 'xxyy', E: '' }, 'wwxxyy'],
    ['${FOO//$E/-}', { FOO: 'ab' }, '-a-b-'],
    ['${FOO///}', { FOO: 'xxyy' }, 'xxyy'],
    ['[${FOO///}]', {}, '[]'],
    ['${FOO//o/0}', { FOO: '👽o👽o' }, '👽0👽0'],
    // ${X//…} expands $0 / $$ in the replacement like Go's ReplaceAllString; ${X/…} does not
    ['${FOO//y/<\\$0>}', { FOO: 'xxyy' }, 'xx<\\y><\\y>'],
    ['${FOO//y/\\$\\$}', { FOO: 'xy' }, 'x\\$\\$'],
    ['${FOO//y/\\$name.}', { FOO: 'xy' }, 'x\\.'],
    // the first } closes the substitution, leaving "\${0" (malformed: literal) and a "}"
    ['${FOO//y/\\${0}}', { FOO: 'xy' }, 'x\\${0}'],
    ['${FOO//y/\\$0\\$00\\$0a}', { FOO: 'xy' }, 'x\\y\\\\'],
    ['${FOO//y/\\$}', { FOO: 'xy' }, 'x\\$'],
    ['${FOO/y/\\$0}', { FOO: 'xy' }, 'x\\$0'],
  ])('%s', (input, env, expected) => {
    expect(lex.processWord(input, m(env))).toBe(expected);
  });

  it('${X//} without a second slash is an error', () => {
    expect(() => lex.processWord('${FOO//ww}', m({ FOO: 'x' }))).toThrow("missing '/' in ${}");
    expect(() => lex.processWord('${FOO//}', m({ FOO: 'x' }))).toThrow("missing '/' in ${}");
  });
});
