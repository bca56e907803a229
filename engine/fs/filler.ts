import { hash32 } from '../util/prng.ts';
import { RecentBytes } from '../util/recent.ts';
import type { LazyBytes } from './types.ts';

/**
 * Deterministic filler bytes with a chosen gzip ratio.
 *
 * The stream is cut into 4 KiB cells. Each cell starts with `r` pseudo-random bytes
 * (incompressible) and ends with `4096 - r` zero bytes (deflate codes them as a few
 * back-references, almost free). Gzip level 6 (what BuildKit pushes and `docker images`
 * reports) then comes out at ≈ `r / 4096 + 0.004` of the input; `r` is picked from the
 * wanted ratio by inverting the measured CALIBRATION table (re-checked by the tests).
 * The pseudo-random generator is xorshift128 seeded from the seed string, so the bytes
 * depend only on `(seed, size, ratio)`; generation is a tight Uint32 loop (≫ 200 MB/s).
 */

/** Bytes per cell: random head then zero tail. */
const CELL = 4096;
/**
 * Measured gzip ratio (node:zlib level 6, 8 MiB) for each fraction of random bytes per
 * cell: `[fraction, ratio]`, increasing. `filler.test.ts` re-measures these points.
 */
export const CALIBRATION: readonly (readonly [number, number])[] = [
  [0, 0.001],
  [0.0009765625, 0.00285],
  [0.0087890625, 0.01163],
  [0.0283203125, 0.03198],
  [0.0478515625, 0.05192],
  [0.09765625, 0.10217],
  [0.1962890625, 0.20122],
  [0.294921875, 0.29987],
  [0.39453125, 0.39949],
  [0.4931640625, 0.49798],
  [0.591796875, 0.5963],
  [0.6904296875, 0.69483],
  [0.7900390625, 0.79408],
  [0.888671875, 0.89258],
  [0.9873046875, 0.99033],
  [1, 1.00031],
];

/** FNV-1a over the seed's UTF-16 code units, re-mixed into four 32-bit state words. */
function seedState(seed: string): Uint32Array {
  let h = hash32(seed) | 0;
  const s = new Uint32Array(4);
  for (let i = 0; i < 4; i++) {
    // splitmix32-style finaliser so the four words differ and are never all zero
    h = (h + 0x9e3779b9) | 0;
    let z = h;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    s[i] = (z ^ (z >>> 16)) >>> 0;
  }
  if ((s[0]! | s[1]! | s[2]! | s[3]!) === 0) s[0] = 1;
  return s;
}

/** Random bytes per cell for a wanted gzip ratio: inverse of CALIBRATION, a multiple of 4. */
export function randomPerCell(ratio: number): number {
  let p = 1;
  if (ratio <= CALIBRATION[0]![1]) p = 0;
  else {
    for (let i = 1; i < CALIBRATION.length; i++) {
      const [p1, g1] = CALIBRATION[i]!;
      if (ratio <= g1) {
        const [p0, g0] = CALIBRATION[i - 1]!;
        p = p0 + ((ratio - g0) * (p1 - p0)) / (g1 - g0);
        break;
      }
    }
  }
  return Math.max(0, Math.min(CELL, Math.round((p * CELL) / 4) * 4));
}

/**
 * `size` deterministic bytes whose gzip (level 6) size is `ratio × size` within ±2% for
 * sizes ≥ 64 KiB. Ratios outside [~0.002, ~1.01] are clamped to what filler can reach.
 * Different seeds give unrelated bytes.
 */
export function filler(seed: string, size: number, ratio: number): Uint8Array {
  const out = new Uint8Array(size);
  fillInto(out, seed, ratio);
  return out;
}

/** Writes filler for `(seed, out.length, ratio)` into `out` (it must be zeroed). */
export function fillInto(out: Uint8Array, seed: string, ratio: number): void {
  const size = out.length;
  // A file shorter than a cell is one short cell with the same random fraction, so small
  // files in a tar stream keep the ratio too.
  const r = size < CELL ? Math.round((randomPerCell(ratio) * size) / CELL) : randomPerCell(ratio);
  if (size === 0 || r === 0) return;
  const s = seedState(seed);
  let x = s[0]!, y = s[1]!, z = s[2]!, w = s[3]!;
  const words = (r + 3) >>> 2;
  // Random words go straight into an aligned Uint32 view; the tail of a partial last
  // cell goes through a scratch cell. Byte order is fixed (little-endian) for portability.
  const aligned = out.byteOffset % 4 === 0 && LITTLE_ENDIAN;
  const full = Math.floor(size / CELL);
  const view = aligned ? new Uint32Array(out.buffer, out.byteOffset, full * (CELL / 4)) : undefined;
  const scratch = new Uint32Array(CELL / 4);
  const scratchBytes = new Uint8Array(scratch.buffer);
  for (let c = 0; c * CELL < size; c++) {
    const direct = view !== undefined && c < full;
    const dst = direct ? view : scratch;
    const base = direct ? c * (CELL / 4) : 0;
    for (let i = 0; i < words; i++) {
      const t = x ^ (x << 11);
      x = y; y = z; z = w;
      w = w ^ (w >>> 19) ^ (t ^ (t >>> 8));
      dst[base + i] = w;
    }
    if (!direct) {
      if (!LITTLE_ENDIAN) swapWords(scratch, words);
      const off = c * CELL;
      out.set(scratchBytes.subarray(0, Math.min(r, size - off)), off);
    }
  }
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function swapWords(a: Uint32Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = a[i]!;
    a[i] = ((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24);
  }
}

/** Counts bytes materialised by `lazyBytes` and `lazyFiller` (tests prove laziness with it). */
export const generatedBytes = { count: 0 };

/** Lazy filler content that also tells its intended gzip ratio (for size estimates). */
export interface LazyFiller extends LazyBytes {
  /** The gzip ratio the filler was generated for. */
  readonly ratio: number;
}

/**
 * A `LazyBytes` whose content is `head` (e.g. a tool marker) followed by filler up to `size`.
 * Nothing is generated until `load()`; every `load()` returns equal bytes as a fresh copy.
 * Recently loaded fillers (up to `RECENT_LIMIT` bytes in all) are kept, so running `go`
 * twice does not generate its 15 MB twice; `head(n)` generates only the first cells
 * (how a program is recognised: its marker sits in the first 4 KiB).
 */
export function lazyFiller(seed: string, size: number, ratio: number, head?: Uint8Array): LazyFiller {
  const key = `${seed}\u0000${size}\u0000${ratio}\u0000${head ? Array.from(head).join(',') : ''}`;
  const lb = lazyBytes(size, () => {
    const out = new Uint8Array(size);
    fillInto(out, seed, ratio);
    if (head) out.set(head.subarray(0, Math.min(head.length, size)), 0);
    return out;
  });
  return {
    size,
    ratio,
    load(): Uint8Array {
      const hit = recent.get(key);
      if (hit) return hit.slice();
      const bytes = lb.load();
      recent.set(key, bytes);
      return bytes.slice();
    },
    head(n: number): Uint8Array {
      const hit = recent.get(key);
      if (hit) return hit.slice(0, n);
      // Whole cells come out as in the full file (a file under one cell is generated whole).
      const out = new Uint8Array(size < CELL ? size : Math.min(size, Math.ceil(n / CELL) * CELL));
      fillInto(out, seed, ratio);
      if (head) out.set(head.subarray(0, Math.min(head.length, out.length)), 0);
      generatedBytes.count += out.length;
      return out.subarray(0, Math.min(n, size));
    },
  };
}

/** Total bytes of recently loaded fillers kept in memory. */
export const RECENT_LIMIT = 96 * 1024 * 1024;
const recent = new RecentBytes<string>(RECENT_LIMIT);

/** Forgets the recently loaded fillers (tests use it to measure generation). */
export function clearFillerCache(): void {
  recent.clear();
}

/** A `LazyBytes` of known `size` produced by `make` on each `load()` (must be deterministic). */
export function lazyBytes(size: number, make: () => Uint8Array): LazyBytes {
  return {
    size,
    load(): Uint8Array {
      const b = make();
      if (b.length !== size) throw new Error(`lazy content is ${b.length} bytes, declared ${size}`);
      generatedBytes.count += size;
      return b;
    },
  };
}

/** Wraps bytes that are already in memory as `LazyBytes` (no generation cost). */
export function eagerBytes(bytes: Uint8Array): LazyBytes {
  return { size: bytes.length, load: () => bytes.slice(), head: (n) => bytes.slice(0, n) };
}
