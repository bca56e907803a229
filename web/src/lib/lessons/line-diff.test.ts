import { describe, expect, it } from 'vitest';
import { diffHunks, diffLines } from './line-diff.ts';

const apply = (lines: ReturnType<typeof diffLines>, side: 'old' | 'new') =>
  lines.filter((l) => l.op === 'same' || l.op === (side === 'old' ? 'del' : 'add')).map((l) => l.text).join('\n');

describe('diffLines', () => {
  it('keeps common lines and marks removals and additions', () => {
    expect(diffLines('FROM a\nRUN x\nENTRYPOINT b\n', 'FROM a\nENTRYPOINT b\nFROM scratch\n')).toEqual([
      { op: 'same', text: 'FROM a' },
      { op: 'del', text: 'RUN x' },
      { op: 'same', text: 'ENTRYPOINT b' },
      { op: 'add', text: 'FROM scratch' },
    ]);
    expect(diffLines('', 'a\nb')).toEqual([{ op: 'add', text: 'a' }, { op: 'add', text: 'b' }]);
    expect(diffLines('a\n', 'a')).toEqual([{ op: 'same', text: 'a' }]);
  });

  it('reproduces both texts from random edits', () => {
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let t = 0; t < 200; t++) {
      const a = Array.from({ length: rnd(12) }, () => 'l' + rnd(5));
      const b = a.filter(() => rnd(3) > 0).flatMap((x) => (rnd(4) === 0 ? [x, 'n' + rnd(5)] : [x]));
      const d = diffLines(a.join('\n'), b.join('\n'));
      expect(apply(d, 'old')).toBe(a.join('\n'));
      expect(apply(d, 'new')).toBe(b.join('\n'));
    }
  });
});

describe('diffHunks', () => {
  it('groups nearby changes with context and numbers them like a unified diff', () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n');
    const after = before.replace('line 2\n', 'two\n').replace('line 4\n', 'four\n').replace('line 18\n', '');
    const hunks = diffHunks(diffLines(before, after), 1);
    expect(hunks).toHaveLength(2);
    expect(hunks[0]).toMatchObject({ oldStart: 1, newStart: 1 });
    expect(hunks[0]!.lines.map((l) => l.op).join(' ')).toBe('same del add same del add same');
    expect(hunks[1]).toMatchObject({ oldStart: 17, newStart: 17, lines: [{ op: 'same', text: 'line 17' }, { op: 'del', text: 'line 18' }, { op: 'same', text: 'line 19' }] });
    expect(diffHunks(diffLines('a', 'a'))).toEqual([]);
  });
});
