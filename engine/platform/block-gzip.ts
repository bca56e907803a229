/**
 * The one gzip format of layer blobs, the same bytes in Node and in every browser: raw
 * deflate (`miniz.ts`: miniz_oxide in WebAssembly, level 6) over content-defined input
 * blocks, as `gzip --rsyncable` cuts them. A block ends where a rolling hash of the last 32
 * input bytes hits a mask (at least `MIN_BLOCK`, at most `BLOCK_SIZE` bytes; ~1 MiB on
 * average), so an edit inside a layer moves only the blocks around it and the rest are the
 * same bytes as before. Each block is deflated on its own with the 32 KiB of input before
 * it as the window and ends with a sync flush (the last one with the final block instead),
 * so blocks can be compressed in any order, on any number of threads, and their
 * concatenation is always the same stream; a block whose window and bytes were deflated
 * before is taken from a `BlockCache`. The header is Go's (MTIME 0, OS 255); the trailer's
 * CRC-32 is combined from the blocks'.
 */
import { LEVEL, loadRawDeflate, type RawDeflate } from './miniz.ts';
import { concatBytes } from './types.ts';

export { LEVEL };


/** The most input bytes in one block (a block with no cut point in it ends here). */
export const BLOCK_SIZE = 2 << 20;
/** The fewest input bytes in a block that is not the last. */
export const MIN_BLOCK = 512 << 10;
/** Bytes of preceding input each block uses as its dictionary. */
export const DICT_SIZE = 32 << 10;
/** A block ends after a byte where the rolling hash has these bits all zero (1 in 2^19: ~512 KiB past `MIN_BLOCK`). */
const CUT_MASK = 0xffffe000 | 0;

/** gzip header as Go's compress/gzip writes it: no name, MTIME 0, XFL 0, OS 255. */
export const GZIP_HEADER: Uint8Array = Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255);

/** One compressed block: raw deflate bytes and the CRC-32 and length of its input. */
export interface DeflatedBlock {
  readonly deflated: Uint8Array;
  readonly crc: number;
  readonly length: number;
}

/**
 * Deflates one block with `deflate` (see `loadRawDeflate`). `dict` is the input just before
 * `block` (at most the last `DICT_SIZE` bytes are used; empty for the first block); `last`
 * ends the stream.
 */
export function deflateBlock(deflate: RawDeflate, block: Uint8Array, dict: Uint8Array, last: boolean): DeflatedBlock {
  return { deflated: deflate(block, dict.subarray(-DICT_SIZE), last), crc: crc32(block), length: block.byteLength };
}

/** The gear table of the rolling hash: 256 fixed pseudo-random words (xorshift32 from a fixed seed). */
const GEAR: Int32Array = (() => {
  const t = new Int32Array(256);
  let x = 0x9e3779b9 | 0;
  for (let i = 0; i < 256; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    t[i] = x;
  }
  return t;
})();

/**
 * Where the block that starts at `buf[0]` ends, looking at `buf[from..fill)` with `h` the
 * rolling hash up to `from`: `[end, h]`, `end` -1 when no cut point is in range yet. The
 * hash (shifted one bit per byte, so it depends on the last 32 bytes only) is kept from 64
 * bytes before `MIN_BLOCK` on.
 */
function findCut(buf: Uint8Array, from: number, fill: number, h: number): [number, number] {
  let i = Math.max(from, MIN_BLOCK - 64);
  for (; i < fill; i++) {
    h = ((h << 1) + GEAR[buf[i]!]!) | 0;
    if (i >= MIN_BLOCK - 1 && (h & CUT_MASK) === 0) return [i + 1, h];
  }
  return [-1, h];
}

/** The gzip trailer for input of CRC-32 `crc` and `length` bytes. */
export function gzipTrailer(crc: number, length: number): Uint8Array {
  const t = new Uint8Array(8);
  const v = new DataView(t.buffer);
  v.setUint32(0, crc >>> 0, true);
  v.setUint32(4, length % 2 ** 32, true);
  return t;
}

/** A block of input to deflate: its bytes, the dictionary before it, whether it ends the stream. */
export interface BlockJob {
  readonly block: Uint8Array;
  readonly dict: Uint8Array;
  readonly last: boolean;
}

/**
 * Cuts a chunk stream into `BlockJob`s at its content-defined cut points (see the top of
 * this file), whatever the chunks' sizes; the last block may be short, or empty when the
 * input is. Each job's block and dictionary have buffers of their own.
 */
export async function* blockJobs(chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): AsyncGenerator<BlockJob> {
  let buf = new Uint8Array(BLOCK_SIZE);
  let fill = 0;
  let scanned = 0; // buf[0..scanned) has no cut point
  let h = 0;
  let dict = new Uint8Array(0);
  let pending: Uint8Array | undefined; // a whole block, held until we know whether more follows
  const emit = function* (last: boolean): Generator<BlockJob> {
    if (!pending) return;
    const block = pending;
    pending = undefined;
    const next = block.slice(-DICT_SIZE); // copied first: a deflater may take `block`'s buffer
    yield { block, dict, last };
    dict = next;
  };
  for await (const c of chunks) {
    let o = 0;
    while (o < c.byteLength) {
      const n = Math.min(BLOCK_SIZE - fill, c.byteLength - o);
      buf.set(c.subarray(o, o + n), fill);
      fill += n;
      o += n;
      // every block that ends in what `buf` holds now
      for (;;) {
        let end: number;
        [end, h] = findCut(buf, scanned, fill, h);
        scanned = fill;
        if (end < 0 && fill === BLOCK_SIZE) end = BLOCK_SIZE;
        if (end < 0) break;
        yield* emit(false);
        const rest = buf.subarray(end, fill);
        pending = buf.subarray(0, end);
        buf = new Uint8Array(BLOCK_SIZE);
        buf.set(rest);
        fill = rest.byteLength;
        scanned = 0;
        h = 0;
      }
    }
  }
  if (fill === 0 && pending) {
    yield* emit(true);
    return;
  }
  yield* emit(false);
  yield { block: buf.subarray(0, fill), dict, last: true };
}

/** Joins the header, the blocks and the trailer into the gzip member. */
export function assembleGzip(blocks: readonly DeflatedBlock[]): Uint8Array {
  let crc = 0;
  let length = 0;
  for (const b of blocks) {
    crc = crc32Combine(crc, b.crc, b.length);
    length += b.length;
  }
  return concatBytes([GZIP_HEADER, ...blocks.map((b) => b.deflated), gzipTrailer(crc, length)]);
}

/** The whole gzip member for `data` on this thread, without yielding (tests and the table script). */
export async function blockGzipSync(data: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const deflate = await loadRawDeflate();
  const out: DeflatedBlock[] = [];
  for await (const j of blockJobs(data)) out.push(deflateBlock(deflate, j.block, j.dict, j.last));
  return assembleGzip(out);
}

/** A deflated block: its deflate bytes and its input's CRC-32. */
export interface CachedBlock {
  readonly deflated: Uint8Array;
  readonly crc: number;
}

/**
 * Deflates one block elsewhere (a worker thread): resolves with `deflateBlock(...)`'s
 * deflate bytes and CRC-32. It may take ownership of `job.block`'s buffer (transfer it);
 * `job.dict` is a copy.
 */
export type BlockDeflater = (job: BlockJob) => Promise<CachedBlock>;

/**
 * Deflated blocks by the SHA-256 of what determines them (window, bytes, last or not), the
 * most recently used first, up to `maxBytes` of deflate output: a layer rebuilt after an edit
 * deflates only the blocks whose input changed. The bytes are the same as deflating again.
 */
export class BlockCache {
  private readonly entries = new Map<string, CachedBlock>();
  private bytes = 0;

  constructor(
    readonly maxBytes: number,
    /** Lowercase hex SHA-256 of the concatenated parts (the platform's hasher). */
    readonly sha256: (parts: readonly Uint8Array[]) => Promise<string>,
  ) {}

  /**
   * The key of a block: the SHA-256s of its bytes and of its window, and whether it is the
   * last (two digests of the bytes as they are: nothing is copied to join them).
   */
  async key(job: BlockJob): Promise<string> {
    const [block, dict] = await Promise.all([this.sha256([job.block]), this.sha256([job.dict.subarray(-DICT_SIZE)])]);
    return `${block}:${dict}:${job.last ? 1 : 0}:${LEVEL}`;
  }

  get(key: string): CachedBlock | undefined {
    const e = this.entries.get(key);
    if (e) {
      this.entries.delete(key);
      this.entries.set(key, e);
    }
    return e;
  }

  put(key: string, block: CachedBlock): void {
    if (this.entries.has(key) || block.deflated.byteLength > this.maxBytes) return;
    this.entries.set(key, block);
    this.bytes += block.deflated.byteLength;
    for (const [k, e] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= e.deflated.byteLength;
    }
  }

  /** Deflate bytes held. */
  get size(): number {
    return this.bytes;
  }
}

/** Options of `blockGzip`. */
export interface BlockGzipOptions {
  /** Checked between blocks: when aborted, `blockGzip` rejects with the signal's reason at once. */
  readonly signal?: AbortSignal;
  /** Called after each block with the input bytes compressed so far. */
  readonly onProgress?: (bytesIn: number) => void;
}

/**
 * The gzip member for `data`, in slices: on this thread one block at a time with a turn of
 * the event loop between blocks (so a cancel or a progress message gets through within a
 * block's time), or on the deflaters of `pool` (one per worker, asked for when the input
 * turns out to be longer than one block), a block in flight on each. A block `cache` has is
 * taken from it (and each block deflated is put there). The bytes are the same either way.
 */
export async function blockGzip(
  data: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
  opts: BlockGzipOptions = {},
  pool: readonly BlockDeflater[] | (() => readonly BlockDeflater[]) = [],
  cache?: BlockCache,
): Promise<Uint8Array> {
  const { signal, onProgress } = opts;
  const blocks: DeflatedBlock[] = [];
  const inFlight = new Map<number, Promise<void>>();
  let deflaters: readonly BlockDeflater[] | undefined;
  let local: RawDeflate | undefined;
  let free: number[] = [];
  let bytesIn = 0;
  let failed: unknown;
  const check = (): void => {
    if (signal?.aborted) throw signal.reason ?? new Error('aborted');
    if (failed !== undefined) throw failed;
  };
  const done = (n: number, block: DeflatedBlock, key: string | undefined): void => {
    blocks[n] = block;
    if (key !== undefined) cache!.put(key, { deflated: block.deflated, crc: block.crc });
    bytesIn += block.length;
    onProgress?.(bytesIn);
  };
  let i = 0;
  for await (const job of blockJobs(data)) {
    check();
    const n = i++;
    const length = job.block.byteLength;
    const key = cache && length > 0 ? await cache.key(job) : undefined;
    const hit = key !== undefined ? cache!.get(key) : undefined;
    if (hit) {
      done(n, { ...hit, length }, undefined);
      continue;
    }
    if (!deflaters) {
      // more than one block: worth the threads (a small layer stays on this one)
      deflaters = n === 0 && job.last ? [] : typeof pool === 'function' ? pool() : pool;
      free = [...deflaters.keys()];
    }
    if (deflaters.length === 0) {
      local ??= await loadRawDeflate();
      done(n, deflateBlock(local, job.block, job.dict, job.last), key);
      await macrotask();
      continue;
    }
    while (free.length === 0) await Promise.race(inFlight.values());
    check();
    const w = free.pop()!;
    const run = deflaters[w]!(job).then(
      ({ deflated, crc }) => done(n, { deflated, crc, length }, key),
      (err: unknown) => {
        failed ??= err;
      },
    ).finally(() => {
      inFlight.delete(n);
      free.push(w);
    });
    inFlight.set(n, run);
  }
  await Promise.all(inFlight.values());
  check();
  return assembleGzip(blocks);
}

/** A turn of the event loop (a macrotask: timers, messages and signals get through). */
export function macrotask(): Promise<void> {
  if (typeof setImmediate === 'function') return new Promise((r) => setImmediate(r));
  if (typeof MessageChannel === 'function') {
    return new Promise((r) => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => {
        ch.port1.close();
        r();
      };
      ch.port2.postMessage(0);
    });
  }
  return new Promise((r) => setTimeout(r, 0));
}

let table: Int32Array | undefined;

/** CRC-32 (IEEE, as gzip's trailer), slicing by 8. */
export function crc32(data: Uint8Array, crc = 0): number {
  const t = (table ??= makeTable());
  let c = ~crc;
  let i = 0;
  const n8 = data.byteLength - 8;
  for (; i <= n8; i += 8) {
    c ^= data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24);
    c = t[1792 + (c & 0xff)]! ^ t[1536 + ((c >>> 8) & 0xff)]! ^ t[1280 + ((c >>> 16) & 0xff)]! ^ t[1024 + (c >>> 24)]!
      ^ t[768 + data[i + 4]!]! ^ t[512 + data[i + 5]!]! ^ t[256 + data[i + 6]!]! ^ t[data[i + 7]!]!;
  }
  for (; i < data.byteLength; i++) c = t[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

function makeTable(): Int32Array {
  const t = new Int32Array(256 * 8);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  for (let n = 0; n < 256; n++) {
    for (let k = 1; k < 8; k++) t[k * 256 + n] = t[(k - 1) * 256 + n]! >>> 8 ^ t[t[(k - 1) * 256 + n]! & 0xff]!;
  }
  return t;
}

function gf2Times(mat: Uint32Array, vec: number): number {
  let sum = 0;
  for (let i = 0; vec !== 0; i++, vec >>>= 1) if (vec & 1) sum ^= mat[i]!;
  return sum >>> 0;
}

function gf2Square(square: Uint32Array, mat: Uint32Array): void {
  for (let n = 0; n < 32; n++) square[n] = gf2Times(mat, mat[n]!);
}

/** The CRC-32 of A followed by B from crc(A), crc(B) and B's length (zlib's crc32_combine). */
export function crc32Combine(crc1: number, crc2: number, len2: number): number {
  if (len2 <= 0) return crc1 >>> 0;
  const even = new Uint32Array(32);
  const odd = new Uint32Array(32);
  odd[0] = 0xedb88320;
  for (let n = 1, row = 1; n < 32; n++, row <<= 1) odd[n] = row;
  gf2Square(even, odd);
  gf2Square(odd, even);
  let c = crc1 >>> 0;
  let len = len2;
  do {
    gf2Square(even, odd);
    if (len % 2) c = gf2Times(even, c);
    len = Math.floor(len / 2);
    if (len === 0) break;
    gf2Square(odd, even);
    if (len % 2) c = gf2Times(odd, c);
    len = Math.floor(len / 2);
  } while (len !== 0);
  return (c ^ crc2) >>> 0;
}
