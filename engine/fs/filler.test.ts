import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { toolMarker, readToolMarker } from '../toolchain/marker.ts';
import { CALIBRATION, clearFillerCache, eagerBytes, filler, generatedBytes, lazyBytes, lazyFiller } from './filler.ts';

const gz = (b: Uint8Array) => gzipSync(b, { level: 6 }).length;
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.length).equals(b);

describe('filler', () => {
  it.each([
    [64 * 1024, 0.1],
    [64 * 1024, 0.55],
    [300 * 1024, 0.35],
    [1 << 20, 0.05],
    [1 << 20, 0.42],
    [1 << 20, 0.55],
    [3 << 20, 0.75],
    [2 << 20, 0.95],
    [(1 << 20) + 777, 0.46],
  ])('size %i at ratio %f gzips to ratio ±2%%', (size, ratio) => {
    const b = filler(`t-${size}-${ratio}`, size, ratio);
    expect(b.length).toBe(size);
    const got = gz(b) / size;
    expect(got / ratio).toBeGreaterThan(0.98);
    expect(got / ratio).toBeLessThan(1.02);
  });

  it('is deterministic and seed-dependent', () => {
    const a = filler('seed-a', 100_000, 0.5);
    expect(same(filler('seed-a', 100_000, 0.5), a)).toBe(true);
    expect(same(filler('seed-b', 100_000, 0.5), a)).toBe(false);
    // a prefix of a longer filler with the same seed is the shorter filler
    expect(same(filler('seed-a', 200_000, 0.5).subarray(0, 100_000), a)).toBe(true);
  });

  it('handles tiny and empty sizes', () => {
    expect(filler('x', 0, 0.5).length).toBe(0);
    expect(filler('x', 3, 0.5).length).toBe(3);
    expect(filler('x', 5000, 0).every((v) => v === 0)).toBe(true);
  });

  it('calibration points still match node:zlib', () => {
    const size = 1 << 20;
    for (const [p, g] of CALIBRATION.filter((_, i) => i % 3 === 1)) {
      const b = filler('cal', size, g);
      const got = gz(b) / size;
      expect(Math.abs(got - g)).toBeLessThan(0.003 + g * 0.01);
      expect(p).toBeLessThanOrEqual(1);
    }
  });
});

describe('lazy bytes', () => {
  it('generates nothing until load and counts what it generates', () => {
    const before = generatedBytes.count;
    const lb = lazyFiller('tool', 200_000, 0.55, toolMarker('go'));
    expect(lb.size).toBe(200_000);
    expect(generatedBytes.count).toBe(before);
    const bytes = lb.load();
    expect(generatedBytes.count).toBe(before + 200_000);
    expect(readToolMarker(bytes)).toBe('go');
    expect(same(lb.load(), bytes)).toBe(true);
    // the second load came from the recent cache, and callers cannot corrupt it
    expect(generatedBytes.count).toBe(before + 200_000);
    bytes[10] = bytes[10]! ^ 0xff;
    expect(lb.load()[10]).not.toBe(bytes[10]);
    clearFillerCache();
    lb.load();
    expect(generatedBytes.count).toBe(before + 400_000);
  });

  it.each([
    [100, 50], [100, 4096], [4096, 4096], [4097, 4096], [200_000, 10], [200_000, 4096], [200_000, 4097], [200_000, 9000],
  ])('head(n) of a %i-byte filler is the first %i bytes of load(), generating only whole cells', (size, n) => {
    clearFillerCache();
    const lb = lazyFiller(`head-${size}`, size, 0.55, toolMarker('go'));
    const before = generatedBytes.count;
    const head = lb.head!(n);
    const generated = generatedBytes.count - before;
    expect(generated).toBe(size < 4096 ? size : Math.min(size, Math.ceil(n / 4096) * 4096));
    const whole = lb.load();
    expect(head.length).toBe(Math.min(n, size));
    expect(same(head, whole.subarray(0, head.length))).toBe(true);
    expect(readToolMarker(head)).toBe(n >= toolMarker('go').length ? 'go' : undefined);
    // once the whole file is loaded, heads come from it (copies callers cannot corrupt)
    const again = lb.head!(n);
    expect(generatedBytes.count - before).toBe(generated + size);
    again[0] = again[0]! ^ 0xff;
    expect(same(lb.head!(n), head)).toBe(true);
  });

  it('rejects a producer that returns the wrong size', () => {
    expect(() => lazyBytes(4, () => new Uint8Array(3)).load()).toThrow(/3 bytes, declared 4/);
  });

  it('eagerBytes returns copies', () => {
    const e = eagerBytes(new Uint8Array([1, 2, 3]));
    e.load()[0] = 9;
    expect(e.load()[0]).toBe(1);
  });
});
