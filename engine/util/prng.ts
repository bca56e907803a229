/** Small deterministic hashing and pseudo-random helpers, identical on every platform. */

/** FNV-1a's starting state. */
export const FNV_START = 0x811c9dc5;

/** 32-bit FNV-1a of a string's UTF-16 code units. */
export function hash32(s: string): number {
  return fnvOn(FNV_START, s) >>> 0;
}

/**
 * FNV-1a state `h` carried on over `text.slice(from, to)` without slicing it, as a signed
 * 32-bit integer (`>>> 0` gives the unsigned form). Carried over millions of pieces, an
 * unsigned state above 2^31 is a heap-allocated number each time a call returns it; a
 * signed one is a small integer in Node's V8 (31-bit ones in browsers' V8, so there about
 * half the states are still boxed unless the loop is optimized).
 */
export function fnvOn(h: number, text: string, from = 0, to = text.length): number {
  for (let i = from; i < to; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h;
}

/** mulberry32: a tiny, fast, seedable PRNG giving uint32 values. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}
