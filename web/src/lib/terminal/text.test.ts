import { expect, it } from 'vitest';
import { toTerminalText } from './text.ts';

it('converts line ends and neutralises control characters', () => {
  expect(toTerminalText('a\nb\r\nc\td')).toBe('a\r\nb\r\nc\td');
  expect(toTerminalText('\x1b[31mred\x07\x7f')).toBe('^[[31mred^G^?');
});
