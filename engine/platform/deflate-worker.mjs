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

/** `miniz.ts`'s `syncFlush`: flushes until the sync marker `00 00 ff ff` is out (miniz stops a flush when its output buffer is full). */
function syncFlush(enc) {
  const parts = [];
  let tail = [];
  for (let i = 0; i < 4096; i++) {
    enc.flush();
    const out = enc.read().copyAndDispose();
    parts.push(out);
    tail = [...tail, ...out.subarray(-4)].slice(-4);
    if (tail.length === 4 && tail[0] === 0 && tail[1] === 0 && tail[2] === 0xff && tail[3] === 0xff) {
      if (parts.length === 1) return parts[0];
      // its own buffer (it is transferred to the caller): not Buffer.concat's, which may be a shared pool
      const all = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
      let at = 0;
      for (const p of parts) {
        all.set(p, at);
        at += p.byteLength;
      }
      return all;
    }
  }
  throw new Error('deflate: the sync flush did not end');
}

function deflate(block, dict, last, level) {
  const enc = new DeflateEncoder(level);
  let done = false;
  try {
    if (dict.byteLength > 0) {
      write(enc, dict.subarray(-(32 << 10)));
      syncFlush(enc);
    }
    write(enc, block);
    if (last) {
      done = true; // finish() consumes the encoder
      return enc.finish().copyAndDispose();
    }
    return syncFlush(enc);
  } finally {
    if (!done) enc.free();
  }
}

parentPort.on('message', async ({ id, block, dict, last, level }) => {
  await ready;
  const crc = crc32(block);
  const out = deflate(block, dict, last, level);
  parentPort.postMessage({ id, out, crc }, [out.buffer]);
});
