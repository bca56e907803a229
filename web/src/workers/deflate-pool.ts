/** Layer-gzip Web Workers (`deflate.worker.ts`) as `BlockDeflater`s, started on first use. */
import type { BlockDeflater, BlockJob, CachedBlock } from '#engine/platform/block-gzip';

/** One deflater on its own module worker. */
export function webDeflater(): BlockDeflater {
  const w = new Worker(new URL('./deflate.worker.ts', import.meta.url), { type: 'module', name: 'stageplay-deflate' });
  let next = 0;
  const waiting = new Map<number, { resolve: (b: CachedBlock) => void; reject: (e: unknown) => void }>();
  w.onmessage = (e: MessageEvent<{ id: number; out: Uint8Array; crc: number }>) => {
    const p = waiting.get(e.data.id);
    waiting.delete(e.data.id);
    p?.resolve({ deflated: e.data.out, crc: e.data.crc });
  };
  w.onerror = (e) => {
    for (const p of waiting.values()) p.reject(new Error(e.message || 'the layer gzip worker failed'));
    waiting.clear();
  };
  return (job: BlockJob) =>
    new Promise<CachedBlock>((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve, reject });
      w.postMessage({ id, block: job.block, dict: job.dict, last: job.last }, [job.block.buffer as ArrayBuffer]);
    });
}

/** `n` deflaters (one per core, at most two), made when first asked for. */
export function webDeflaterPool(n: number): () => readonly BlockDeflater[] {
  let pool: BlockDeflater[] | undefined;
  return () => (pool ??= Array.from({ length: Math.max(1, Math.min(2, n)) }, webDeflater));
}
