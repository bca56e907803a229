/**
 * Browser implementations of the platform services: WebCrypto for SHA-256 (and SHA-1, SHA-512), gzip in the
 * layer blob format (`block-gzip.ts`, WebAssembly deflate: the same bytes as Node's), and
 * `DecompressionStream` for gunzip (fflate where it is missing).
 */
import { gunzipSync } from 'fflate';
import { BlockCache, blockGzip, type BlockDeflater } from './block-gzip.ts';
import type { Chunks, DigestAlgorithm, Gzip, GzipOptions, Hasher, PlatformDeps } from './types.ts';
import { collect, concatBytes } from './types.ts';

/** WebCrypto's names of the digests. */
const SUBTLE_NAME: Readonly<Record<DigestAlgorithm, string>> = { sha1: 'SHA-1', sha256: 'SHA-256', sha512: 'SHA-512' };

/** Digests with `crypto.subtle` (WebCrypto has no incremental API, so chunks are joined first). */
export const webHasher: Hasher = {
  sha256(chunks: Chunks): Promise<string> {
    return webHasher.digest('sha256', chunks);
  },
  async digest(algorithm: DigestAlgorithm, chunks: Chunks): Promise<string> {
    const data = await collect(chunks);
    const buf = await crypto.subtle.digest(SUBTLE_NAME[algorithm], data as Uint8Array<ArrayBuffer>);
    return [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');
  },
};

/** Reads a stream with a reader (not async iteration, which older Safari lacks). */
async function readAll(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return concatBytes(parts);
    parts.push(value);
  }
}

async function pipe(chunks: Chunks, stream: GenericTransformStream): Promise<Uint8Array> {
  const writer = (stream.writable as WritableStream<Uint8Array>).getWriter();
  const reading = readAll((stream.readable as ReadableStream<Uint8Array>).getReader());
  for await (const c of chunks) await writer.write(c);
  await writer.close();
  return reading;
}

/**
 * gzip in the layer blob format on `deflaters` (Web Workers the host started; none: on this
 * thread, in slices), reusing the blocks of layers it compressed before (64 MiB of deflate
 * output at most); gunzip with `DecompressionStream` or fflate.
 */
export function webGzipOn(deflaters: readonly BlockDeflater[] | (() => readonly BlockDeflater[])): Gzip {
  const cache = new BlockCache(64 << 20, (parts) => webHasher.sha256(parts));
  return {
    gzip(chunks: Chunks, opts?: GzipOptions): Promise<Uint8Array> {
      return blockGzip(chunks, opts, deflaters, cache);
    },
    async gunzip(data: Uint8Array): Promise<Uint8Array> {
      if (typeof DecompressionStream === 'undefined') return gunzipSync(data);
      return pipe([data], new DecompressionStream('gzip'));
    },
  };
}

/** gzip on this thread (in slices). */
export const webGzip: Gzip = webGzipOn([]);

/** Platform services for browsers and workers. */
export const webDeps: PlatformDeps = { hasher: webHasher, gzip: webGzip };
