import { describe, expect, it } from 'vitest';
import { goQuote } from './go-quote.ts';

describe('goQuote (Go %q)', () => {
  it.each([
    ['plain', '"plain"'],
    ['say "hi"', '"say \\"hi\\""'],
    ['a\\b', '"a\\\\b"'],
    ['tab\there\nnl\r\x07\b\f\v', '"tab\\there\\nnl\\r\\a\\b\\f\\v"'],
    ['\x00\x1b\x7f', '"\\x00\\x1b\\x7f"'],
    ['안녕 👽 é', '"안녕 👽 é"'],
    ['nbsp\u00a0shy\u00ad', '"nbsp\\u00a0shy\\u00ad"'],
    ['tag\u{e0001}', '"tag\\U000e0001"'],
    ['${X:-$Y}', '"${X:-$Y}"'],
  ])('%j', (input, expected) => {
    expect(goQuote(input)).toBe(expected);
  });
});
