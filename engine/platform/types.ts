/**
 * Hashing and compression, injected into the engine as `deps` so that engine code never
 * imports `node:` modules. `node.ts` and `web.ts` implement these.
 */

/** Chunks of bytes, produced synchronously or asynchronously. */
export type Chunks = Iterable<Uint8Array> | AsyncIterable<Uint8Array>;

/** The digests `Hasher.digest` computes (busybox's `sha1sum`, `sha256sum`, `sha512sum`). */
export type DigestAlgorithm = 'sha1' | 'sha256' | 'sha512';

/** SHA-256 (and the other digests a program asks for) over a sequence of chunks. */
export interface Hasher {
  /** Lowercase hex SHA-256 of the concatenated chunks. */
  sha256(chunks: Chunks): Promise<string>;
  /** Lowercase hex digest of the concatenated chunks with `algorithm`. */
  digest(algorithm: DigestAlgorithm, chunks: Chunks): Promise<string>;
}

/** Options of one compression. */
export interface GzipOptions {
  /** Checked between slices of the work: when aborted, `gzip` rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Called as the work goes, with the input bytes compressed so far. */
  readonly onProgress?: (bytesIn: number) => void;
}

/**
 * Deterministic gzip, the same bytes on every platform (`block-gzip.ts`: header with MTIME
 * 0, no name, OS 255, as Go's compress/gzip writes it).
 */
export interface Gzip {
  /** The gzip member for the concatenated chunks, compressed in slices. */
  gzip(chunks: Chunks, opts?: GzipOptions): Promise<Uint8Array>;
  /** The decompressed bytes of a gzip member. */
  gunzip(data: Uint8Array): Promise<Uint8Array>;
}

/**
 * Compressed layer blobs by content: the gzip blob of the layer whose uncompressed tar has
 * a diff ID. A layer's blob is made once and every later use reads the same bytes.
 */
export interface LayerBlobCache {
  /** The blob of the layer with `diffId`, or undefined when it is not kept. */
  get(diffId: string): Promise<Uint8Array | undefined>;
  /**
   * Keep `blob` (gzip of the tar with `diffId`); keeping it twice is harmless. `digest`, the
   * blob's `sha256:` digest, is given when the caller has it (so it is not hashed again).
   */
  put(diffId: string, blob: Uint8Array, digest?: string): Promise<void>;
}

/** A `LayerBlobCache` in memory (a process's or a worker's lifetime). */
export class MemoryLayerBlobs implements LayerBlobCache {
  private readonly blobs = new Map<string, Uint8Array>();

  async get(diffId: string): Promise<Uint8Array | undefined> {
    return this.blobs.get(diffId);
  }

  async put(diffId: string, blob: Uint8Array): Promise<void> {
    this.blobs.set(diffId, blob);
  }
}

/** The platform services the engine needs. */
export interface PlatformDeps {
  readonly hasher: Hasher;
  readonly gzip: Gzip;
  /** Where compressed layer blobs are kept by diff ID (none: each layer object compresses once). */
  readonly layerBlobs?: LayerBlobCache;
}

/** Concatenates chunks into one array. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.byteLength;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.byteLength;
  }
  return out;
}

/** Collects chunks into one array. */
export async function collect(chunks: Chunks): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const c of chunks) parts.push(c);
  return parts.length === 1 ? parts[0]! : concatBytes(parts);
}
