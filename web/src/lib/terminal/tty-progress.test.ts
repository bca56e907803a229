import { describe, expect, it } from 'vitest';
import type { BuildEvent } from '#engine/progress';
import { fitFrame, progressSink } from '#engine/commands';
import { TinyScreen } from './vt.test-util.ts';

describe('fitFrame', () => {
  const frame = '[+] Building 1.0s (4/5)\n => a\n => b\n => c\n => d\n';
  it('keeps the header and the last rows that fit a live frame; the final frame whole', () => {
    expect(fitFrame(frame, 10, false)).toEqual(['[+] Building 1.0s (4/5)', ' => a', ' => b', ' => c', ' => d']);
    expect(fitFrame(frame, 4, false)).toEqual(['[+] Building 1.0s (4/5)', ' => c', ' => d']);
    expect(fitFrame(frame, 4, true)).toHaveLength(5);
    expect(fitFrame(frame, undefined, false)).toHaveLength(5);
  });
});

describe('the tty progress in a terminal of known height', () => {
  it('never moves the cursor above the terminal, and ends with the whole final frame', async () => {
    const writes: string[] = [];
    const screen = new TinyScreen(60);
    const sink = progressSink('tty', { stderr: (t) => (writes.push(t), screen.write(t.replace(/\n/g, '\r\n'))), columns: 60, rows: 5 });
    for (let v = 1; v <= 8; v++) {
      sink.push({ kind: 'vertex-start', vertex: v, name: `step ${v}`, t: v * 100 } as BuildEvent);
      sink.push({ kind: 'vertex-done', vertex: v, t: v * 100 + 50 } as BuildEvent);
      await new Promise((r) => setTimeout(r, 105));
    }
    sink.finish();
    for (const w of writes) {
      const up = /^\x1b\[(\d+)A/.exec(w);
      if (up) expect(Number(up[1])).toBeLessThanOrEqual(4);
    }
    const text = screen.rows.map((r) => r.join('').trimEnd()).filter(Boolean);
    expect(text.at(-9)).toMatch(/^\[\+\] Building [\d.]+s \(8\/8\) FINISHED/);
    expect(text.slice(-8).map((l) => l.replace(/\s+[\d.]+s$/, ''))).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((n) => ` => step ${n}`));
  });
});
