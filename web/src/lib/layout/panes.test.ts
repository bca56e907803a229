import { describe, expect, it } from 'vitest';
import { LAYOUT_KEY, MIN, SPLITTER, defaultSizes, fitColumns, fitTerminal, loadSizes, maxColumn, maxTerminal, saveSizes } from './panes.ts';

function memory(): Storage {
  const map = new Map<string, string>();
  return {
    get length() {
      return map.size;
    },
    clear: () => map.clear(),
    getItem: (k) => map.get(k) ?? null,
    key: (i) => [...map.keys()][i] ?? null,
    removeItem: (k) => void map.delete(k),
    setItem: (k, v) => void map.set(k, v),
  };
}

describe('pane sizes', () => {
  it('leaves the centre at least its minimum at every width the wide layout is used', () => {
    for (let width = 900; width <= 2560; width += 7) {
      const d = defaultSizes(width, 800);
      const { files, side } = fitColumns(width, d);
      expect(width - files - side - 2 * SPLITTER).toBeGreaterThanOrEqual(MIN.centre);
      expect(files).toBeGreaterThanOrEqual(MIN.files);
      expect(side).toBeGreaterThanOrEqual(MIN.side);
    }
  });

  it('shrinks the side panel first, then the file tree, and keeps what was wanted when there is room', () => {
    expect(fitColumns(1440, { files: 220, side: 400 })).toEqual({ files: 220, side: 400 });
    // 1024 - 12 - 320 = 692 for both: the side panel gives way to 472
    expect(fitColumns(1024, { files: 220, side: 600 })).toEqual({ files: 220, side: 472 });
    // a file tree wider than the room leaves the side panel its minimum
    expect(fitColumns(1024, { files: 600, side: 600 })).toEqual({ files: 692 - MIN.side, side: MIN.side });
    expect(fitColumns(1440, { files: 10, side: 10 })).toEqual({ files: MIN.files, side: MIN.side });
  });

  it('gives a splitter the largest size that keeps the centre', () => {
    expect(maxColumn(1440, 220)).toBe(1440 - 12 - MIN.centre - 220);
    expect(maxTerminal(600)).toBe(600 - SPLITTER - MIN.editor);
    expect(fitTerminal(600, 5000)).toBe(600 - SPLITTER - MIN.editor);
    expect(fitTerminal(600, 10)).toBe(MIN.terminal);
    expect(fitTerminal(600, 250.4)).toBe(250);
  });

  it('remembers the sizes in storage and ignores what it cannot read', () => {
    const s = memory();
    expect(loadSizes(s)).toBeUndefined();
    saveSizes(s, { files: 200.6, side: 350, terminal: 240 });
    expect(JSON.parse(s.getItem(LAYOUT_KEY)!)).toEqual({ files: 201, side: 350, terminal: 240 });
    expect(loadSizes(s)).toEqual({ files: 201, side: 350, terminal: 240 });
    s.setItem(LAYOUT_KEY, '{"files": 200, "side": "wide", "terminal": 240}');
    expect(loadSizes(s)).toBeUndefined();
    s.setItem(LAYOUT_KEY, 'not json');
    expect(loadSizes(s)).toBeUndefined();
    const refusing = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); } };
    expect(loadSizes(refusing)).toBeUndefined();
    expect(() => saveSizes(refusing, { files: 1, side: 1, terminal: 1 })).not.toThrow();
  });
});
