/**
 * Node implementations of the platform services: node:crypto for SHA-256, gzip in the layer
 * blob format (`block-gzip.ts`) with its blocks deflated on worker threads, one per core
 * (at most two), and node:zlib for gunzip.
 */
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { gunzipSync } from 'node:zlib';
import { blockGzip, LEVEL, type BlockDeflater, type BlockJob } from './block-gzip.ts';
import type { Chunks, Gzip, GzipOptions, Hasher, PlatformDeps } from './types.ts';

/** Streaming SHA-256 with node:crypto. */
export const nodeHasher: Hasher = {
  async sha256(chunks: Chunks): Promise<string> {
    const h = createHash('sha256');
    for await (const c of chunks) h.update(c);
    return h.digest('hex');
  },
};

/**
 * A deflater on its own worker thread. The thread is unreferenced while idle, so it never
 * keeps a process alive; it is referenced while a block is out.
 */
export function workerDeflater(): BlockDeflater {
  const w = new Worker(new URL('./deflate-worker.mjs', import.meta.url));
  w.unref();
  let next = 0;
  const waiting = new Map<number, { resolve: (b: Uint8Array) => void; reject: (e: unknown) => void }>();
  w.on('message', ({ id, out }: { id: number; out: Uint8Array }) => {
    const p = waiting.get(id)!;
    waiting.delete(id);
    if (waiting.size === 0) w.unref();
    p.resolve(out);
  });
  w.on('error', (err) => {
    for (const p of waiting.values()) p.reject(err);
    waiting.clear();
  });
  return (job: BlockJob) =>
    new Promise<Uint8Array>((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve, reject });
      w.ref();
      w.postMessage({ id, block: job.block, dict: job.dict, last: job.last, level: LEVEL }, [job.block.buffer as ArrayBuffer]);
    });
}

let pool: BlockDeflater[] | undefined;

/** gzip in the layer blob format (`block-gzip.ts`: the same bytes as in browsers), on worker threads. */
export const nodeGzip: Gzip = {
  gzip(chunks: Chunks, opts?: GzipOptions): Promise<Uint8Array> {
    return blockGzip(chunks, opts, () => (pool ??= Array.from({ length: Math.min(2, availableParallelism()) }, workerDeflater)));
  },
  async gunzip(data: Uint8Array): Promise<Uint8Array> {
    return new Uint8Array(gunzipSync(data));
  },
};

/** Platform services for Node (CLI and tests). */
export const nodeDeps: PlatformDeps = { hasher: nodeHasher, gzip: nodeGzip };
