/**
 * Node worker thread of `node.ts`'s gzip: deflates the blocks of `block-gzip.ts` exactly as
 * its `deflateBlock` does (plain JavaScript, so a worker starts without a TypeScript
 * loader; `platform.test.ts` checks that the bytes are the same).
 */
import { parentPort } from 'node:worker_threads';
import { Deflate } from 'fflate';

parentPort.on('message', ({ id, block, dict, last, level }) => {
  const parts = [];
  let n = 0;
  const d = new Deflate({ level, ...(dict.byteLength > 0 ? { dictionary: dict } : {}) }, (c) => {
    parts.push(c);
    n += c.byteLength;
  });
  if (last) d.push(block, true);
  else {
    d.push(block, false);
    d.flush(false);
    // block-gzip.ts's syncMarker: the partial byte, an empty stored block, LEN 0000, NLEN FFFF
    const r = d.s.r ?? 0;
    const bits = r & 7;
    const tail = bits === 0 ? [0, 0, 0, 0xff, 0xff] : bits <= 5 ? [r >> 3, 0, 0, 0xff, 0xff] : [r >> 3, 0, 0, 0, 0xff, 0xff];
    parts.push(Uint8Array.from(tail));
    n += tail.length;
  }
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.byteLength;
  }
  parentPort.postMessage({ id, out }, [out.buffer]);
});
