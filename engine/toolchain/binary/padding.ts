import { recipeBytes, registerRecipe, type RecipeBytes } from '../../fs/index.ts';
import { mulberry32 } from '../../util/prng.ts';

/**
 * Deterministic filler that compresses like a real Go binary, in size and in speed: gzip
 * (level 6) shrinks it to about 56% of its size, the ratio the guide's images show (7.46 MB
 * → 4.2 MB), at the speed deflate has on real executables. Each 128-byte block is 64
 * random bytes, then 64 bytes copied from one shared 4 KiB vocabulary (as code repeats its
 * instruction sequences): deflate finds those as long matches at once. (An earlier filler
 * drew half of each block from a 4-symbol alphabet: the same ratio, but deflate walked
 * its longest hash chains at every byte and compressed it 3–7× slower than a real binary,
 * which made every build's export take seconds.)
 */

const rng = mulberry32;

/** Bytes per block: `RANDOM_PER_BLOCK` random ones, the rest copied from `VOCABULARY`. */
const BLOCK = 128;
/** Random bytes per block: tuned so the whole filler gzips to ~0.56. */
const RANDOM_PER_BLOCK = 64;
/** Bytes the copies are drawn from (well inside deflate's 32 KiB window). */
const VOCABULARY_SIZE = 4096;
let vocabulary: Uint8Array | undefined;

function vocabularyBytes(): Uint8Array {
  if (vocabulary) return vocabulary;
  const v = new Uint8Array(VOCABULARY_SIZE);
  const next = rng(0x9e3779b9);
  for (let i = 0; i < v.length; i += 4) {
    const r = next();
    for (let k = 0; k < 4; k++) v[i + k] = (r >>> (k * 8)) & 0xff;
  }
  return (vocabulary = v);
}

/** PRNG draws per whole block: its random words and the place its copy starts. */
const DRAWS_PER_BLOCK = RANDOM_PER_BLOCK / 4 + 1;

/**
 * Writes `size` filler bytes into `out` at `offset`, derived only from `seed`: the filler's
 * bytes from position `from` on (a multiple of the block size, so a large file can be made
 * in slices: mulberry32's state only counts its draws, so it starts at block `from / BLOCK`
 * by adding that many draws' increments).
 */
export function fillPadding(out: Uint8Array, offset: number, size: number, seed: number, from = 0): void {
  if (from % BLOCK !== 0) throw new Error(`filler slices start at a multiple of ${BLOCK} bytes, not ${from}`);
  const start = (seed + Math.imul((from / BLOCK) * DRAWS_PER_BLOCK, 0x6d2b79f5)) | 0;
  const whole = size - (size % BLOCK);
  let done = 0;
  if (LITTLE_ENDIAN && (out.byteOffset + offset) % 4 === 0 && whole > 0) {
    fillWords(new Int32Array(out.buffer, out.byteOffset + offset, whole / 4), start);
    done = whole;
  }
  if (done < size) fillBytes(out, offset + done, size - done, (start + Math.imul((done / BLOCK) * DRAWS_PER_BLOCK, 0x6d2b79f5)) >>> 0);
}

/** Whether this platform stores typed arrays' words little-endian (every one we run on does). */
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;
/** The vocabulary as words, starting at each of its first four bytes: a copy from any place is whole words. */
let shiftedVocabulary: Int32Array[] | undefined;

function vocabularyWords(): Int32Array[] {
  if (shiftedVocabulary) return shiftedVocabulary;
  const v = vocabularyBytes();
  return (shiftedVocabulary = [0, 1, 2, 3].map((k) => {
    const bytes = new Uint8Array(VOCABULARY_SIZE);
    bytes.set(v.subarray(k));
    return new Int32Array(bytes.buffer);
  }));
}

/**
 * Whole blocks as words (aligned, little-endian): the same bytes as `fillBytes`, about four
 * times as fast (mulberry32 inlined with an int32 state: the closure's uint32 results are
 * heap numbers in V8 for half the values; copies word by word from a shifted vocabulary).
 */
function fillWords(out: Int32Array, state: number): void {
  const shifted = vocabularyWords();
  const randomWords = RANDOM_PER_BLOCK / 4;
  const copyWords = (BLOCK - RANDOM_PER_BLOCK) / 4;
  const places = VOCABULARY_SIZE - (BLOCK - RANDOM_PER_BLOCK);
  let a = state;
  let t = 0;
  for (let w = 0; w < out.length; ) {
    for (let k = 0; k < randomWords; k++) {
      a = (a + 0x6d2b79f5) | 0;
      t = Math.imul(a ^ (a >>> 15), a | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      out[w++] = t ^ (t >>> 14);
    }
    a = (a + 0x6d2b79f5) | 0;
    t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const place = ((t ^ (t >>> 14)) >>> 0) % places;
    const src = shifted[place & 3]!;
    let i = place >>> 2;
    for (let k = 0; k < copyWords; k++) out[w++] = src[i++]!;
  }
}

/** Filler one byte at a time (any alignment or length; `fillWords` for whole aligned blocks). */
export function fillBytes(out: Uint8Array, offset: number, size: number, state: number): void {
  const next = rng(state);
  const vocab = vocabularyBytes();
  const copyBytes = BLOCK - RANDOM_PER_BLOCK;
  let i = 0;
  while (i < size) {
    const n = Math.min(BLOCK, size - i);
    const random = Math.min(RANDOM_PER_BLOCK, n);
    const at = offset + i;
    for (let j = 0; j < random; j += 4) {
      const r = next();
      for (let k = 0; k < 4 && j + k < random; k++) out[at + j + k] = (r >>> (k * 8)) & 0xff;
    }
    if (n > random) {
      const copyFrom = next() % (VOCABULARY_SIZE - copyBytes);
      out.set(vocab.subarray(copyFrom, copyFrom + n - random), at + random);
    }
    i += n;
  }
}

const PADDING = 'padding';
type PaddingArgs = { seed: number; size: number; head?: number[] };
registerRecipe(
  PADDING,
  (args) => {
    const { seed, size, head = [] } = args as PaddingArgs;
    const out = new Uint8Array(size);
    out.set(head.slice(0, size));
    fillPadding(out, Math.min(head.length, size), size - Math.min(head.length, size), seed);
    return out;
  },
  {
    // slices past the head start at whole filler blocks
    align: (args) => Math.min((args as PaddingArgs).head?.length ?? 0, (args as PaddingArgs).size),
    unit: BLOCK,
    fill(args, out, from) {
      const { seed, head = [] } = args as PaddingArgs;
      const h = Math.min(head.length, (args as PaddingArgs).size);
      let at = 0;
      for (; from + at < h && at < out.length; at++) out[at] = head[from + at]!;
      if (at < out.length) fillPadding(out, at, out.length - at, seed, from + at - h);
    },
  },
);

/**
 * `size` bytes of padding for `seed` after the bytes `head` (a file's magic), as lazy
 * content: made when read, crossing to workers as its recipe.
 */
export function lazyPadding(seed: number, size: number, head: readonly number[] = []): RecipeBytes {
  return recipeBytes(PADDING, head.length > 0 ? { seed, size, head: [...head] } : { seed, size }, size);
}
