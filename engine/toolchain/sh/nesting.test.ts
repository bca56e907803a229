/** Deep nesting ends in a syntax error, never in the JavaScript stack running out. */
import { describe, expect, it } from 'vitest';
import { sh } from './fixture.test-util.ts';
import { MAX_NESTING } from './words.ts';

const deep = (open: string, middle: string, close: string, n: number) => open.repeat(n) + middle + close.repeat(n);

describe(`nesting deeper than ${MAX_NESTING} levels`, () => {
  it.each([
    ['${X:-...}', deep('${X:-', 'a', '}', 10_000)],
    ['$(...)', deep('$(echo ', 'hi', ')', 1_000)],
    ['"$(...)"', deep('"$(echo ', 'hi', ')"', 1_000)],
    ['$(( ( ... ) ))', `$((${deep('(', '1', ')', 50_000)}))`],
    ['$(( - - ... 1 ))', `$((${'- '.repeat(50_000)}1))`],
    ['$(( a=a=...1 ))', `$((${'a='.repeat(50_000)}1))`],
  ])('%s: a clear error, exit 2', async (_, word) => {
    const r = await sh(`echo ${word}`);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/nested more than 200 levels deep\n$/);
    expect(r.stderr).not.toMatch(/Maximum call stack|RangeError/);
  });

  it.each([
    ['( ... )', deep('(', 'echo', ')', 50_000)],
    ['if ... fi', deep('if true; then ', 'echo', '; fi', 5_000)],
    ['{ ...; }', deep('{ ', 'echo', '; }', 5_000)],
  ])('%s: a syntax error, exit 2', async (_, script) => {
    const r = await sh(script);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/syntax error: nested more than 200 levels deep\n$/);
  });

  it('up to the limit it works as ash does', async () => {
    expect((await sh(`echo ${deep('${X:-', 'a', '}', 150)} ${deep('$(echo ', 'b', ')', 60)} $((${deep('(', '1', ')', 150)}+1))`)).stdout).toBe('a b 2\n');
  });
});
