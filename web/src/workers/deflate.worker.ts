/**
 * A layer-gzip worker: deflates the blocks of `engine/platform/block-gzip.ts` off the
 * sandbox worker's thread (`deflate-pool.ts` starts one per core, at most two), so a
 * layer's compression uses the cores and the sandbox stays free for progress and cancels.
 * It answers each block's deflate bytes and CRC-32; the deflate's WebAssembly is compiled
 * when the worker starts.
 */
import { crc32 } from '#engine/platform/block-gzip';
import { loadRawDeflate } from '#engine/platform/miniz';

interface DeflateRequest {
  readonly id: number;
  readonly block: Uint8Array;
  readonly dict: Uint8Array;
  readonly last: boolean;
}

const deflate = loadRawDeflate();

self.onmessage = async (e: MessageEvent<DeflateRequest>) => {
  const { id, block, dict, last } = e.data;
  const crc = crc32(block);
  const out = (await deflate)(block, dict, last);
  (self as unknown as Worker).postMessage({ id, out, crc }, [out.buffer as ArrayBuffer]);
};
