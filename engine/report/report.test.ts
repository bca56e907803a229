import { describe, expect, it } from 'vitest';
import { formatTargets, humanSize, sourceExcerpt, tabwrite, formatG, formatCheck } from './index.ts';
import { lineRange } from '../source/range.ts';

describe('humanSize (go-units, 3 significant digits, 1000-based)', () => {
  it.each([
    [0, '0B'],
    [245, '245B'],
    [707_000, '707kB'],
    [4_200_000, '4.2MB'],
    [4_250_000, '4.25MB'],
    [8_450_000, '8.45MB'],
    [150_000_000, '150MB'],
    [7_581_933, '7.58MB'],
    [1_234_567_890, '1.23GB'],
  ])('%d → %s', (n, s) => expect(humanSize(n)).toBe(s));

  it('formats like Go %g at the edges', () => {
    expect(formatG(999.5, 3)).toBe('1e+03');
    expect(formatG(0.00001234, 3)).toBe('1.23e-05');
    expect(formatG(100, 3)).toBe('100');
    expect(formatG(1.5, 3)).toBe('1.5');
  });
});

describe('sourceExcerpt (BuildKit errdefs.Source.Print)', () => {
  const text = 'FROM alpine\nCOPPY a b\n';
  it('frames a single line with context and a trailing empty line', () => {
    expect(sourceExcerpt('Dockerfile', text, [lineRange(2)])).toBe(
      'Dockerfile:2\n--------------------\n   1 |     FROM alpine\n   2 | >>> COPPY a b\n   3 |     \n--------------------\n',
    );
  });
  it('shows two lines either side of a single line deep in the file', () => {
    const t = Array.from({ length: 10 }, (_, i) => `L${i + 1}`).join('\n');
    const out = sourceExcerpt('Dockerfile', t, [lineRange(5)]);
    expect(out.split('\n').filter((l) => l.includes('|')).map((l) => l.trim().split(' ')[0])).toEqual(['3', '4', '5', '6', '7']);
  });
  it('marks every range of a multi-range error (a cycle) and spans them', () => {
    const t = Array.from({ length: 12 }, (_, i) => `L${i + 1}`).join('\n');
    const out = sourceExcerpt('Dockerfile', t, [lineRange(3), lineRange(8)]);
    const marked = out.split('\n').filter((l) => l.includes('>>>')).map((l) => l.trim().split(' ')[0]);
    expect(marked).toEqual(['3', '8']);
    expect(out.startsWith('Dockerfile:3\n')).toBe(true);
    expect(out).toContain('   2 |     L2');
    expect(out).toContain('   9 |     L9');
    expect(out).not.toContain('  10 |');
  });
  it('prints nothing without ranges or out of the file', () => {
    expect(sourceExcerpt('Dockerfile', text, [])).toBe('');
    expect(sourceExcerpt('Dockerfile', text, [lineRange(40)])).toBe('');
  });
});

describe('targets table', () => {
  it('pads columns like Go tabwriter and marks the default', () => {
    expect(
      formatTargets([
        { name: 'base', description: 'downloads the modules', isDefault: false },
        { name: 'build-client', description: '', isDefault: false },
        { name: 'server', description: 'the server', isDefault: true },
      ]),
    ).toBe('TARGET           DESCRIPTION\nbase             downloads the modules\nbuild-client     \nserver (default) the server\n');
  });
  it('names an unnamed default stage (default)', () => {
    expect(formatTargets([{ name: '', description: '', isDefault: true }])).toBe('TARGET    DESCRIPTION\n(default) \n');
  });
  it('leaves the text after the last tab unpadded', () => {
    expect(tabwrite('a\tbb\tc\nccc\td\te\n')).toBe('a   bb c\nccc d  e\n');
  });
});

describe('check output', () => {
  it('says so when nothing was found', () => {
    expect(formatCheck('Dockerfile', 'FROM a\n', [])).toBe('Check complete, no warnings found.\n');
  });
  it('sorts warnings by line and frames each', () => {
    const out = formatCheck('Dockerfile', 'FROM a as b\nMAINTAINER me\n', [
      { rule: 'MaintainerDeprecated', detail: 'Maintainer instruction is deprecated in favor of using label', ranges: [lineRange(2)] },
      { rule: 'FromAsCasing', url: 'https://docs.docker.com/go/dockerfile/rule/from-as-casing/', detail: "'as' and 'FROM' keywords' casing do not match", ranges: [lineRange(1)] },
    ]);
    expect(out.startsWith('Check complete, 2 warnings have been found!\n\nWARNING: FromAsCasing - https://docs.docker.com/go/dockerfile/rule/from-as-casing/\n')).toBe(true);
    expect(out.indexOf('FromAsCasing')).toBeLessThan(out.indexOf('MaintainerDeprecated'));
    expect(out).toContain('   2 | >>> MAINTAINER me\n');
  });
});
