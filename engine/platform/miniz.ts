/**
 * The layer gzip's raw deflate: miniz_oxide (Rust) compiled to WebAssembly
 * (`@hazae41/foras`), the same module and so the same bytes in Node and in every browser,
 * about twice as fast as pure-JS deflate at the same level. Loaded on first use (a dynamic
 * import: ~115 KB of WebAssembly that no page load fetches). `deflate-worker.mjs` repeats
 * `rawDeflate` in plain JavaScript; `platform.test.ts` checks they agree.
 */

import { concatBytes } from './types.ts';

/** The deflate level of every block (miniz's 6, zlib's default). */
export const LEVEL = 6;

/**
 * Raw deflate of `block` with `dict` (the input just before it, at most 32 KiB) as the
 * window: ends with a sync flush (an empty stored block, `00 00 ff ff`) unless `last`, which
 * ends the stream with a final block instead.
 */
export type RawDeflate = (block: Uint8Array, dict: Uint8Array, last: boolean) => Uint8Array;

type Foras = typeof import('@hazae41/foras');

let loading: Promise<RawDeflate> | undefined;

/** The raw deflate, once its WebAssembly is compiled (the first call loads it). */
export function loadRawDeflate(): Promise<RawDeflate> {
  return (loading ??= import('@hazae41/foras').then(async (m) => {
    await m.initBundledOnce();
    return rawDeflateWith(m);
  }));
}

/**
 * `RawDeflate` on a loaded foras module. The dictionary is the encoder's own window: it
 * compresses `dict` and sync-flushes, its output thrown away, so `block`'s matches may
 * reach back into `dict` exactly as they reach into the stream's real preceding bytes.
 */
export function rawDeflateWith(m: Foras): RawDeflate {
  return (block, dict, last) => {
    const enc = new m.DeflateEncoder(LEVEL);
    let done = false;
    try {
      if (dict.byteLength > 0) {
        write(m, enc, dict.subarray(-(32 << 10)));
        syncFlush(enc);
      }
      write(m, enc, block);
      if (last) {
        done = true; // finish() consumes the encoder
        return enc.finish().copyAndDispose();
      }
      return syncFlush(enc);
    } finally {
      if (!done) enc.free();
    }
  };
}

/** The sync flush's end: an empty stored block. */
const SYNC_MARKER = [0x00, 0x00, 0xff, 0xff] as const;

/**
 * Everything `enc` holds, up to and including a sync flush's marker. miniz stops a flush
 * when its output buffer is full, before the marker (the rest of the block, then `00 00 ff
 * ff`, would come out at the start of the next read: a stream zlib then rejects, "invalid
 * block type"), so it is flushed again until the marker is out. A flush that completed ends
 * with the marker; a second one would write another, so the loop stops at the first.
 */
export function syncFlush(enc: { flush(): void; read(): { copyAndDispose(): Uint8Array } }): Uint8Array {
  const parts: Uint8Array[] = [];
  const tail: number[] = [];
  for (let i = 0; i < 4096; i++) {
    enc.flush();
    const out = enc.read().copyAndDispose();
    parts.push(out);
    for (const b of out.subarray(-4)) tail.push(b);
    tail.splice(0, Math.max(0, tail.length - 4));
    if (tail.length === 4 && tail.every((b, k) => b === SYNC_MARKER[k])) return parts.length === 1 ? parts[0]! : concatBytes(parts);
  }
  throw new Error('deflate: the sync flush did not end');
}

function write(m: Foras, enc: InstanceType<Foras['DeflateEncoder']>, bytes: Uint8Array): void {
  const mem = new m.Memory(bytes);
  try {
    enc.write(mem);
  } finally {
    mem.free();
  }
}
