import { recipeBytes, registerRecipe, type RecipeBytes } from '../../fs/index.ts';
import { mulberry32 } from '../../util/prng.ts';

/**
 * Deterministic filler that compresses like a real Go binary: gzip (level 6) shrinks
 * it to about 56% of its size, the ratio the guide's images show (7.46 MB → 4.2 MB).
 */

const rng = mulberry32;

/** Bytes per block; each block is part random, part drawn from a 4-symbol alphabet. */
const BLOCK = 64;
/** Random bytes per block: tuned so the whole filler gzips to ~0.56. */
const RANDOM_PER_BLOCK = 19;
const ALPHABET = [0x00, 0x48, 0x8b, 0xff];

/** Writes `size` filler bytes into `out` at `offset`, derived only from `seed`. */
export function fillPadding(out: Uint8Array, offset: number, size: number, seed: number): void {
  const next = rng(seed);
  let i = 0;
  while (i < size) {
    const n = Math.min(BLOCK, size - i);
    for (let j = 0; j < n; j += 4) {
      const r = next();
      for (let k = 0; k < 4 && j + k < n; k++) {
        const b = (r >>> (k * 8)) & 0xff;
        out[offset + i + j + k] = j + k < RANDOM_PER_BLOCK ? b : ALPHABET[b & 3]!;
      }
    }
    i += n;
  }
}

const PADDING = 'padding';
registerRecipe(PADDING, (args) => {
  const { seed, size, head = [] } = args as { seed: number; size: number; head?: number[] };
  const out = new Uint8Array(size);
  out.set(head.slice(0, size));
  fillPadding(out, Math.min(head.length, size), size - Math.min(head.length, size), seed);
  return out;
});

/**
 * `size` bytes of padding for `seed` after the bytes `head` (a file's magic), as lazy
 * content: made when read, crossing to workers as its recipe.
 */
export function lazyPadding(seed: number, size: number, head: readonly number[] = []): RecipeBytes {
  return recipeBytes(PADDING, head.length > 0 ? { seed, size, head: [...head] } : { seed, size }, size);
}
