/**
 * Node implementations of the platform services: node:crypto for SHA-256 (and SHA-1, SHA-512), gzip in the layer
 * blob format (`block-gzip.ts`) with its blocks deflated on worker threads, one per core
 * (at most two), and node:zlib for gunzip.
 */
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { gunzipSync } from 'node:zlib';
import { BlockCache, blockGzip, LEVEL, type BlockDeflater, type BlockJob, type CachedBlock } from './block-gzip.ts';
import type { Chunks, DigestAlgorithm, Gzip, GzipOptions, Hasher, PlatformDeps } from './types.ts';

/** Streaming digests with node:crypto. */
export const nodeHasher: Hasher = {
  sha256(chunks: Chunks): Promise<string> {
    return nodeHasher.digest('sha256', chunks);
  },
  async digest(algorithm: DigestAlgorithm, chunks: Chunks): Promise<string> {
    const h = createHash(algorithm);
    for await (const c of chunks) h.update(c);
    return h.digest('hex');
  },
};

/** A deflater on a worker thread, and whether that thread has ended. */
export interface DeflateThread {
  readonly deflate: BlockDeflater;
  /** True once the thread has exited (crashed, out of memory, terminated): it takes no more blocks. */
  readonly dead: boolean;
  /** Ends the thread (tests). */
  terminate(): Promise<number>;
}

/**
 * A deflater on its own worker thread. The thread is unreferenced while idle, so it never
 * keeps a process alive; it is referenced while a block is out. When the thread ends, the
 * blocks it held and any block sent after fail with the reason, instead of waiting for ever.
 */
export function deflateThread(): DeflateThread {
  const w = new Worker(new URL('./deflate-worker.mjs', import.meta.url));
  w.unref();
  let next = 0;
  let ended: Error | undefined;
  const waiting = new Map<number, { resolve: (b: CachedBlock) => void; reject: (e: unknown) => void }>();
  const failAll = (err: Error): void => {
    for (const p of waiting.values()) p.reject(err);
    waiting.clear();
  };
  w.on('message', ({ id, out, crc }: { id: number; out: Uint8Array; crc: number }) => {
    const p = waiting.get(id)!;
    waiting.delete(id);
    if (waiting.size === 0) w.unref();
    p.resolve({ deflated: out, crc });
  });
  w.on('error', (err) => {
    ended ??= err;
    failAll(err);
  });
  w.on('exit', (code) => {
    ended ??= new Error(`the deflate worker thread exited (code ${code})`);
    failAll(ended);
  });
  return {
    get dead() {
      return ended !== undefined;
    },
    terminate: () => w.terminate(),
    deflate: (job: BlockJob) =>
      new Promise<CachedBlock>((resolve, reject) => {
        if (ended) return reject(ended);
        const id = next++;
        waiting.set(id, { resolve, reject });
        w.ref();
        w.postMessage({ id, block: job.block, dict: job.dict, last: job.last, level: LEVEL }, [job.block.buffer as ArrayBuffer]);
      }),
  };
}

/** A deflater on its own worker thread (see `deflateThread`). */
export function workerDeflater(): BlockDeflater {
  return deflateThread().deflate;
}

let threads: DeflateThread[] = [];

/** The deflate threads, one per core (at most two), a thread that has ended replaced by a new one. */
function deflaters(): BlockDeflater[] {
  const n = Math.min(2, availableParallelism());
  threads = Array.from({ length: n }, (_, i) => (threads[i] && !threads[i].dead ? threads[i] : deflateThread()));
  return threads.map((t) => t.deflate);
}

/** The current deflate threads (tests: end one and see the next gzip replace it). */
export function currentDeflateThreads(): readonly DeflateThread[] {
  return threads;
}

/** Deflated blocks of this process's recent layers (64 MiB of deflate output at most). */
export const nodeBlockCache = new BlockCache(64 << 20, (parts) => nodeHasher.sha256(parts));

/**
 * gzip in the layer blob format (`block-gzip.ts`: the same bytes as in browsers), on worker
 * threads, reusing the blocks of layers compressed before in this process.
 */
export const nodeGzip: Gzip = {
  gzip(chunks: Chunks, opts?: GzipOptions): Promise<Uint8Array> {
    return blockGzip(chunks, opts, deflaters, nodeBlockCache);
  },
  async gunzip(data: Uint8Array): Promise<Uint8Array> {
    return new Uint8Array(gunzipSync(data));
  },
};

/** Platform services for Node (CLI and tests). */
export const nodeDeps: PlatformDeps = { hasher: nodeHasher, gzip: nodeGzip };
