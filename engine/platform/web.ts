/**
 * Browser implementations of the platform services: WebCrypto for SHA-256 and
 * `CompressionStream` for gzip, with fflate only where `CompressionStream` is missing.
 */
import { gunzipSync, gzipSync } from 'fflate';
import type { Chunks, Gzip, Hasher, PlatformDeps } from './types.ts';
import { collect, concatBytes, normalizeGzipHeader } from './types.ts';

/** SHA-256 with `crypto.subtle` (WebCrypto has no incremental API, so chunks are joined first). */
export const webHasher: Hasher = {
  async sha256(chunks: Chunks): Promise<string> {
    const data = await collect(chunks);
    const buf = await crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>);
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

/** gzip with `CompressionStream` (zlib's default level 6 in browsers) or fflate at level 6. */
export const webGzip: Gzip = {
  async gzip(chunks: Chunks): Promise<Uint8Array> {
    if (typeof CompressionStream === 'undefined') {
      return normalizeGzipHeader(gzipSync(await collect(chunks), { level: 6, mtime: 0 }));
    }
    return normalizeGzipHeader(await pipe(chunks, new CompressionStream('gzip')));
  },
  async gunzip(data: Uint8Array): Promise<Uint8Array> {
    if (typeof DecompressionStream === 'undefined') return gunzipSync(data);
    return pipe([data], new DecompressionStream('gzip'));
  },
};

/** Platform services for browsers and workers. */
export const webDeps: PlatformDeps = { hasher: webHasher, gzip: webGzip };
