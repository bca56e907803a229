/**
 * The one gzip format of layer blobs, the same bytes in Node and in every browser: pure-JS
 * deflate (fflate, level 6) over fixed 1 MiB input blocks, pigz-style. Each block is
 * deflated on its own with the 32 KiB of input before it as the dictionary and ends with a
 * sync flush (the last one with the final block instead), so blocks can be compressed in
 * any order, on any number of threads, and their concatenation is always the same stream.
 * The header is Go's (MTIME 0, OS 255); the trailer's CRC-32 is combined from the blocks'.
 */
import { Deflate } from 'fflate';
import { concatBytes } from './types.ts';

/** Input bytes per block (the last block may be shorter). */
export const BLOCK_SIZE = 1 << 20;
/** Bytes of preceding input each block uses as its dictionary. */
export const DICT_SIZE = 32 << 10;
/** The deflate level of every block. */
export const LEVEL = 6;

/** gzip header as Go's compress/gzip writes it: no name, MTIME 0, XFL 0, OS 255. */
export const GZIP_HEADER: Uint8Array = Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255);

/** One compressed block: raw deflate bytes and the CRC-32 and length of its input. */
export interface DeflatedBlock {
  readonly deflated: Uint8Array;
  readonly crc: number;
  readonly length: number;
}

/**
 * Deflates one block. `dict` is the input just before `block` (at most the last
 * `DICT_SIZE` bytes are used; empty for the first block); `last` ends the stream.
 */
export function deflateBlock(block: Uint8Array, dict: Uint8Array, last: boolean): DeflatedBlock {
  return { deflated: deflateRaw(block, dict, last), crc: crc32(block), length: block.byteLength };
}

/** `deflateBlock`'s raw deflate bytes alone (what a worker thread computes). */
export function deflateRaw(block: Uint8Array, dict: Uint8Array, last: boolean): Uint8Array {
  const parts: Uint8Array[] = [];
  const d = new Deflate(
    { level: LEVEL, ...(dict.byteLength > 0 ? { dictionary: dict.subarray(-DICT_SIZE) } : {}) },
    (c) => parts.push(c),
  );
  if (last) d.push(block, true);
  else {
    d.push(block, false);
    d.flush(false); // every whole byte out; the last partial one stays in the state
    parts.push(syncMarker((d as unknown as { s: { r?: number } }).s.r ?? 0));
  }
  return parts.length === 1 ? parts[0]! : concatBytes(parts);
}

/**
 * The end of a sync flush after fflate's `flush(false)`: its last partial byte and an empty
 * stored block (three zero bits: not final, stored), padded to a byte, LEN 0000, NLEN FFFF.
 * `r` is fflate's carried state: the partial byte's bit count in its low 3 bits, the byte
 * above them. (fflate 0.8.3's own `flush(true)` takes that state for a bit position and
 * writes a stored block that zlib rejects, "invalid stored block lengths", whenever the
 * partial byte is not zero.)
 */
export function syncMarker(r: number): Uint8Array {
  const bits = r & 7;
  const partial = r >> 3;
  if (bits === 0) return Uint8Array.of(0, 0, 0, 0xff, 0xff);
  return bits <= 5 ? Uint8Array.of(partial, 0, 0, 0xff, 0xff) : Uint8Array.of(partial, 0, 0, 0, 0xff, 0xff);
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
 * Cuts a chunk stream into `BlockJob`s of exactly `BLOCK_SIZE` bytes (the last one
 * shorter, possibly empty when the input is), whatever the chunks' sizes. Each job's block
 * and dictionary have buffers of their own.
 */
export async function* blockJobs(chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): AsyncGenerator<BlockJob> {
  let buf = new Uint8Array(BLOCK_SIZE);
  let fill = 0;
  let dict = new Uint8Array(0);
  let pending: Uint8Array | undefined; // a full block, held until we know whether more follows
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
      if (fill === BLOCK_SIZE) {
        yield* emit(false);
        pending = buf;
        buf = new Uint8Array(BLOCK_SIZE);
        fill = 0;
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
  const out: DeflatedBlock[] = [];
  for await (const j of blockJobs(data)) out.push(deflateBlock(j.block, j.dict, j.last));
  return assembleGzip(out);
}

/**
 * Deflates one block elsewhere (a worker thread): resolves with `deflateBlock(...).deflated`.
 * It may take ownership of `job.block`'s buffer (transfer it); `job.dict` is a copy.
 */
export type BlockDeflater = (job: BlockJob) => Promise<Uint8Array>;

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
 * block's time, ~25 ms), or on the deflaters of `pool` (one per worker, asked for when the
 * input turns out to be longer than one block), a block in flight on each. The bytes are
 * the same either way.
 */
export async function blockGzip(
  data: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
  opts: BlockGzipOptions = {},
  pool: readonly BlockDeflater[] | (() => readonly BlockDeflater[]) = [],
): Promise<Uint8Array> {
  const { signal, onProgress } = opts;
  const blocks: DeflatedBlock[] = [];
  const inFlight = new Map<number, Promise<void>>();
  let deflaters: readonly BlockDeflater[] = [];
  let free: number[] = [];
  let bytesIn = 0;
  let failed: unknown;
  const check = (): void => {
    if (signal?.aborted) throw signal.reason ?? new Error('aborted');
    if (failed !== undefined) throw failed;
  };
  let i = 0;
  for await (const job of blockJobs(data)) {
    check();
    const n = i++;
    const length = job.block.byteLength;
    if (n === 0 && !job.last) {
      // more than one block: worth the threads (a small layer stays on this one)
      deflaters = typeof pool === 'function' ? pool() : pool;
      free = [...deflaters.keys()];
    }
    if (deflaters.length === 0) {
      blocks[n] = deflateBlock(job.block, job.dict, job.last);
      bytesIn += length;
      onProgress?.(bytesIn);
      await macrotask();
      continue;
    }
    while (free.length === 0) await Promise.race(inFlight.values());
    check();
    const w = free.pop()!;
    const crc = crc32(job.block);
    const run = deflaters[w]!(job).then(
      (deflated) => {
        blocks[n] = { deflated, crc, length };
        bytesIn += length;
        onProgress?.(bytesIn);
      },
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
