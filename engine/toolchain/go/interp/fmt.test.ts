import { describe, expect, it } from 'vitest';
import { quote, sprint, sprintf, sprintln } from './fmt.ts';
import { GoBytes, GoError } from './values.ts';

describe('fmt', () => {
  it.each([
    ['%s and %d', ['a', 7], 'a and 7'],
    ['%v %v %v %v', [true, null, new GoError('boom'), new GoBytes(new Uint8Array([104, 105]))], 'true <nil> boom [104 105]'],
    ['%q %q', ['say "hi"\n', 97], '"say \\"hi\\"\\n" \'a\''],
    ['%5s|%-5s|%05d|%x', ['ab', 'cd', 42, 'hi'], '   ab|cd   |00042|6869'],
    ['100%%', [], '100%'],
    ['%d', ['hi'], '%!d(string=hi)'],
    ['%s', [3], '%!s(int=3)'],
    ['%s %s', ['x'], 'x %!s(MISSING)'],
    ['%s', ['x', 1, 'y'], 'x%!(EXTRA int=1, string=y)'],
    ['%T %T %T', ['s', 1, new GoBytes(new Uint8Array())], 'string int []uint8'],
    ['trailing %', [], 'trailing %!(NOVERB)'],
  ])('Sprintf(%j, ...)', (format, args, want) => {
    expect(sprintf(format, args)).toBe(want);
  });

  it('Println separates every operand; Print only operands that are not strings', () => {
    expect(sprintln(['a', 1, 'b'])).toBe('a 1 b\n');
    expect(sprint(['a', 'b', 1, 2, 'c'])).toBe('ab1 2c');
  });

  it('quote escapes as strconv.Quote', () => {
    expect(quote('tab\there\x01é')).toBe('"tab\\there\\x01é"');
  });
});
