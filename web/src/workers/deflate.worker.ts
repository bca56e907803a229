/**
 * A layer-gzip worker: deflates the blocks of `engine/platform/block-gzip.ts` off the
 * sandbox worker's thread (`deflate-pool.ts` starts one per core, at most two), so a
 * layer's compression uses the cores and the sandbox stays free for progress and cancels.
 */
import { deflateRaw } from '../../../engine/platform/block-gzip.ts';

interface DeflateRequest {
  readonly id: number;
  readonly block: Uint8Array;
  readonly dict: Uint8Array;
  readonly last: boolean;
}

self.onmessage = (e: MessageEvent<DeflateRequest>) => {
  const { id, block, dict, last } = e.data;
  const out = deflateRaw(block, dict, last);
  (self as unknown as Worker).postMessage({ id, out }, [out.buffer as ArrayBuffer]);
};
