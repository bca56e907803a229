import { hash32, mulberry32 } from '../util/prng.ts';

/**
 * A small deterministic pseudo-random source for laying out catalog trees (file counts,
 * sizes, names). Same seed, same sequence, on every platform.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [lo, hi] inclusive. */
  int(lo: number, hi: number): number;
  /** One element of `items` (non-empty). */
  pick<T>(items: readonly T[]): T;
  /** Standard normal deviate (Box–Muller). */
  gauss(): number;
}

export { hash32 };

/** mulberry32 seeded from `seed`. */
export function rng(seed: string): Rng {
  const u32 = mulberry32(hash32(seed));
  const next = (): number => u32() / 4294967296;
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    gauss: () => {
      const u = 1 - next();
      const v = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
  };
}
