/**
 * Node worker thread of `node.ts`'s gzip: deflates the blocks of `block-gzip.ts` exactly as
 * `miniz.ts`'s `rawDeflateWith` does, with the block's CRC-32 (plain JavaScript, so a worker
 * starts without a TypeScript loader; `platform.test.ts` checks that the bytes are the same).
 */
import { parentPort } from 'node:worker_threads';
import { crc32 } from 'node:zlib';
import { DeflateEncoder, Memory, initBundledOnce } from '@hazae41/foras';

const ready = initBundledOnce();

function write(enc, bytes) {
  const mem = new Memory(bytes);
  try {
    enc.write(mem);
  } finally {
    mem.free();
  }
}

function deflate(block, dict, last, level) {
  const enc = new DeflateEncoder(level);
  if (dict.byteLength > 0) {
    write(enc, dict.subarray(-(32 << 10)));
    enc.flush();
    enc.read().free();
  }
  write(enc, block);
  if (last) return enc.finish().copyAndDispose(); // finish() consumes the encoder
  try {
    enc.flush();
    return enc.read().copyAndDispose();
  } finally {
    enc.free();
  }
}

parentPort.on('message', async ({ id, block, dict, last, level }) => {
  await ready;
  const crc = crc32(block);
  const out = deflate(block, dict, last, level);
  parentPort.postMessage({ id, out, crc }, [out.buffer]);
});
