import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { clearRecipeCache, RECIPE_SLICE_BYTES } from '../../fs/index.ts';
import { fillBytes, fillPadding, lazyPadding } from './padding.ts';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('filler in slices', () => {
  it('fills from any block boundary the bytes a whole fill has there', () => {
    const whole = new Uint8Array(10_000);
    fillPadding(whole, 0, whole.length, 0xdeadbeef);
    for (const from of [0, 128, 1280, 9984]) {
      const part = new Uint8Array(whole.length - from);
      fillPadding(part, 0, part.length, 0xdeadbeef, from);
      expect(sha(part), `from ${from}`).toBe(sha(whole.subarray(from)));
    }
    expect(() => fillPadding(new Uint8Array(10), 0, 10, 1, 100)).toThrow('multiple of 128');
  });

  it('makes a large file slice by slice, the same bytes as loading it whole, with or without a head', () => {
    for (const [size, head] of [[5 * RECIPE_SLICE_BYTES + 77, []], [3 * RECIPE_SLICE_BYTES, [0x50, 0x4b, 0x03, 0x04]], [2 * RECIPE_SLICE_BYTES + 1, [1, 2, 3]]] as const) {
      clearRecipeCache();
      const slices = [...lazyPadding(7, size, head).slices!()];
      expect(slices.length, `size ${size}`).toBeGreaterThanOrEqual(2);
      expect(slices.every((s) => s.length <= RECIPE_SLICE_BYTES + head.length)).toBe(true);
      const joined = Buffer.concat(slices);
      clearRecipeCache();
      expect(sha(joined)).toBe(sha(lazyPadding(7, size, head).load()));
    }
  });

  it('gives a small file, or one made before, in one piece', () => {
    clearRecipeCache();
    expect([...lazyPadding(9, 1000).slices!()]).toHaveLength(1);
    const big = lazyPadding(9, 4 * RECIPE_SLICE_BYTES);
    const loaded = big.load();
    const again = [...lazyPadding(9, 4 * RECIPE_SLICE_BYTES).slices!()];
    expect(again).toHaveLength(1);
    expect(again[0]).toBe(loaded);
  });
});

describe('filler words', () => {
  it('writes the bytes the byte-at-a-time filler writes, aligned or not, whole blocks or not', () => {
    for (const [offset, size, seed] of [[0, 128 * 40, 1], [4, 128 * 40 + 5, 2], [1, 128 * 3, 3], [60, 4000, 0xfffffff0], [0, 127, 5]] as const) {
      const fast = new Uint8Array(offset + size + 3).fill(0xaa);
      const slow = fast.slice();
      fillPadding(fast, offset, size, seed);
      fillBytes(slow, offset, size, seed >>> 0);
      expect(sha(fast), `offset ${offset} size ${size}`).toBe(sha(slow));
      expect(fast.subarray(offset + size).every((b) => b === 0xaa)).toBe(true);
    }
  });
});
