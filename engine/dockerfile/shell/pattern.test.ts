import { describe, expect, it } from 'vitest';
import { replacePattern, reversePattern, reverseString, shellPatternToRegex } from './pattern.ts';

describe('shellPatternToRegex', () => {
  it.each([
    ['*', true, '^[^\\n]*'],
    ['*', false, '^[^\\n]*?'],
    ['?', true, '^[^\\n]'],
    ['\\*', true, '^\\*'],
    ['(()[]{\\}^$.\\*\\?|\\\\', true, '^\\(\\(\\)\\[\\]\\{\\}\\^\\$\\.\\*\\?\\|\\\\'],
  ])('%s (greedy %s)', (pattern, greedy, source) => {
    expect(shellPatternToRegex(pattern, greedy, true).source).toBe(source);
  });

  it('drops the backslash of \\/ and \\} (escaped inside ${})', () => {
    expect(shellPatternToRegex('a\\/b\\}', true, true).test('a/b}')).toBe(true);
  });

  it('is unanchored on request', () => {
    expect(shellPatternToRegex('a*', true, false).source).toBe('a[^\\n]*');
  });

  it.each(['\\', '\\x', '\\\\\\'])('rejects the escape in %s', (pattern) => {
    expect(() => shellPatternToRegex(pattern, true, true)).toThrow(/^invalid pattern \(.*\) in substitution: invalid escape '\\.'$/u);
  });
});

describe('reversal', () => {
  it.each([
    ['a\\*c', 'c\\*a'],
    ['\\\\\\ab', 'b\\a\\\\'],
    ['ab\\', '\\ba'],
    ['👽\\🚀🖖', '🖖\\🚀👽'],
    ['\\\\b', 'b\\\\'],
  ])('reversePattern(%s)', (pattern, expected) => {
    expect(reversePattern(pattern)).toBe(expected);
  });

  it('reverses code points, not UTF-16 units', () => {
    expect(reverseString('🖖🚀👽')).toBe('👽🚀🖖');
    expect(reverseString('')).toBe('');
  });
});

describe('replacePattern', () => {
  it('replaces the first or every match', () => {
    expect(replacePattern('a.b.c', '.', '/', false)).toBe('a/b.c');
    expect(replacePattern('a.b.c', '.', '/', true)).toBe('a/b/c');
  });

  it('handles empty matches the way Go does', () => {
    expect(replacePattern('abc', '*', '-', true)).toBe('-');
    expect(replacePattern('abc', '', '-', true)).toBe('-a-b-c-');
    expect(replacePattern('', '*', '-', true)).toBe('-');
    expect(replacePattern('a👽', '', '-', true)).toBe('-a-👽-');
  });
});
