import { createHash } from 'node:crypto';
import { gunzipSync, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BLOCK_SIZE, BlockCache, blockGzip, blockGzipSync, blockJobs, crc32, crc32Combine, deflateBlock, MIN_BLOCK, type BlockJob } from './block-gzip.ts';
import { loadRawDeflate, syncFlush } from './miniz.ts';
import { resolveImage } from '../catalog/index.ts';
import { layerFromEntries } from '../image/index.ts';
import { currentDeflateThreads, deflateThread, nodeDeps, workerDeflater } from './node.ts';
import { webDeps } from './web.ts';

const text = new TextEncoder().encode('hello world\n'.repeat(1000));

/** Deterministic text-like bytes (words picked by a PRNG): they compress, but not to nothing. */
function mixed(n: number, seed = 1): Uint8Array {
  const words = ['layer', 'blob', 'sha256', 'go', 'build', 'stage', 'FROM', 'alpine', '\n', ' ', 'RUN', '/usr/local/go'].map((w) => new TextEncoder().encode(w));
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n;) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const w = words[(x >>> 16) % words.length]!;
    out.set(w.subarray(0, n - i), i);
    i += w.byteLength;
  }
  return out;
}

/** A short fingerprint of bytes (vitest's deep equality is far too slow on megabytes). */
function sha(b: Uint8Array): string {
  return `${b.byteLength}:${createHash('sha256').update(b).digest('hex')}`;
}

function pieces(data: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let o = 0; o < data.byteLength; o += size) out.push(data.subarray(o, o + size));
  return out;
}

describe.each([
  ['node', nodeDeps],
  ['web', webDeps],
])('%s platform', (_name, deps) => {
  it('hashes chunks like one buffer', async () => {
    const whole = await deps.hasher.sha256([text]);
    expect(await deps.hasher.sha256([text.subarray(0, 7), text.subarray(7)])).toBe(whole);
    expect(await deps.hasher.sha256([])).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('digests with SHA-1, SHA-256 and SHA-512, chunked or whole', async () => {
    // the empty string's digests (FIPS 180 test values), and node:crypto's over the text
    expect(await deps.hasher.digest('sha1', [])).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709');
    expect(await deps.hasher.digest('sha256', [])).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(await deps.hasher.digest('sha512', [])).toBe(
      'cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e',
    );
    for (const algorithm of ['sha1', 'sha256', 'sha512'] as const) {
      const want = createHash(algorithm).update(text).digest('hex');
      expect(await deps.hasher.digest(algorithm, [text.subarray(0, 5), text.subarray(5)])).toBe(want);
    }
    expect(await deps.hasher.digest('sha256', [text])).toBe(await deps.hasher.sha256([text]));
  });

  it('gzips deterministically with a Go-style header and round-trips', async () => {
    const a = await deps.gzip.gzip([text.subarray(0, 100), text.subarray(100)]);
    const b = await deps.gzip.gzip([text]);
    expect(a).toEqual(b);
    expect([...a.subarray(0, 10)]).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255]);
    expect(a.length).toBeLessThan(text.length / 10);
    expect(await deps.gzip.gunzip(a)).toEqual(text);
  });
});

describe('layer blob gzip (block-gzip)', () => {
  const data = mixed(2 * BLOCK_SIZE + 12345);

  it('gives the same bytes in Node (worker threads), on a page (one thread) and in one call, however the input is cut', async () => {
    const sync = await blockGzipSync([data]);
    expect(sha(await nodeDeps.gzip.gzip(pieces(data, 77777)))).toBe(sha(sync));
    expect(sha(await webDeps.gzip.gzip(pieces(data, BLOCK_SIZE)))).toBe(sha(sync));
    expect(sha(await blockGzip(pieces(data, 4096), {}, [workerDeflater()]))).toBe(sha(sync));
    expect(sha(new Uint8Array(gunzipSync(sync)))).toBe(sha(data));
  });

  it('is one gzip member that zlib reads back, for empty input, one block, and exact multiples of a block', async () => {
    for (const n of [0, 1, BLOCK_SIZE, BLOCK_SIZE + 1]) {
      const d = data.subarray(0, n);
      const gz = await nodeDeps.gzip.gzip([d]);
      expect(sha(new Uint8Array(gunzipSync(gz)))).toBe(sha(d));
      expect(sha(gz)).toBe(sha(await blockGzipSync([d])));
    }
  });

  it('round-trips incompressible, text and zero runs across many blocks', async () => {
    // incompressible runs (stored blocks), text and zeros, so the blocks end at many bit offsets
    const bin = new Uint8Array(6 * BLOCK_SIZE + 777);
    let x = 7;
    for (let i = 0; i < bin.length; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      const region = Math.floor(i / 300_000) % 3;
      bin[i] = region === 0 ? x >>> 24 : region === 1 ? text[i % text.byteLength]! : 0;
    }
    const gz = await blockGzipSync([bin]);
    expect(sha(new Uint8Array(gunzipSync(gz)))).toBe(sha(bin));
    for (let b = 0; b < 6; b++) {
      const block = bin.subarray(b * BLOCK_SIZE, (b + 1) * BLOCK_SIZE);
      const raw = deflateBlock(await loadRawDeflate(), block, b > 0 ? bin.subarray(b * BLOCK_SIZE - 32768, b * BLOCK_SIZE) : new Uint8Array(0), false).deflated;
      expect([...raw.subarray(-4)]).toEqual([0, 0, 0xff, 0xff]);
    }
  });

  it('a block that is not the last ends with a sync flush zlib reads on from, whatever its last byte holds', async () => {
    const deflate = await loadRawDeflate();
    // blocks of low-entropy bytes of several sizes: their deflate ends at every bit offset,
    // with zero and non-zero bits in the last partial byte
    for (const [mask, n] of [[0x0f, 1000], [0x7f, 1000], [0x7f, 5000], [0x0f, 5000], [0x3f, 300_000], [0xff, 4096]] as const) {
      const block = new Uint8Array(n);
      let x = mask * 77 + 1;
      for (let i = 0; i < n; i++) {
        x = (Math.imul(x, 1103515245) + 12345) >>> 0;
        block[i] = (x >>> 24) & mask;
      }
      const raw = deflateBlock(deflate, block, new Uint8Array(0), false).deflated;
      expect([...raw.subarray(-4)]).toEqual([0, 0, 0xff, 0xff]);
      // then a final empty block (fixed Huffman: 1, 01, end of block)
      const stream = new Uint8Array(raw.byteLength + 2);
      stream.set(raw);
      stream.set([0x03, 0x00], raw.byteLength);
      expect(sha(new Uint8Array(inflateRawSync(stream))), `mask ${mask}, ${n} bytes`).toBe(sha(block));
    }
  });

  it('a sync flush that miniz stops with its output buffer full is flushed again until its marker is out', () => {
    // what miniz did on alpine 3.22's layer: the first flush ended mid-block, the second wrote the rest and 00 00 ff ff
    const reads = [Uint8Array.of(1, 2, 3, 0xe1, 0xff), Uint8Array.of(0x16, 0, 0, 0, 0xff, 0xff), Uint8Array.of(2, 0, 0, 0, 0xff, 0xff)];
    let flushes = 0;
    const enc = { flush: () => void flushes++, read: () => ({ copyAndDispose: () => reads[flushes - 1]! }) };
    expect([...syncFlush(enc)]).toEqual([1, 2, 3, 0xe1, 0xff, 0x16, 0, 0, 0, 0xff, 0xff]);
    // a flush that completed is not flushed again (that would write a second marker)
    flushes = 0;
    reads.splice(0, 1);
    expect([...syncFlush(enc)]).toEqual([0x16, 0, 0, 0, 0xff, 0xff]);
    expect(flushes).toBe(1);
  });

  it('zlib reads back a real layer whose blocks fill miniz\'s output buffer at a flush (alpine 3.22, amd64)', async () => {
    const alpine = resolveImage('alpine:3.22', 'linux/amd64').layers[0]!;
    const tar = await layerFromEntries(alpine.entries, nodeDeps, {}).uncompressed();
    const gz = await blockGzipSync([tar]);
    expect(createHash('sha256').update(gunzipSync(gz)).digest('hex')).toBe(createHash('sha256').update(tar).digest('hex'));
  }, 60_000);

  it("a block's window is the 32 KiB before it, as zlib reads it with that preset dictionary", async () => {
    const deflate = await loadRawDeflate();
    const block = data.subarray(BLOCK_SIZE, BLOCK_SIZE + 200_000);
    const dict = data.subarray(BLOCK_SIZE - 32768, BLOCK_SIZE);
    const raw = deflate(block, dict, true);
    expect(sha(new Uint8Array(inflateRawSync(raw, { dictionary: dict })))).toBe(sha(block));
    // it uses the window: the repeated text costs less than with no window
    expect(raw.byteLength).toBeLessThan(deflate(block, new Uint8Array(0), true).byteLength);
  });

  it('cuts blocks where the content says, so bytes inserted early leave the later blocks as they were', async () => {
    const a = mixed(8 << 20, 3);
    const b = new Uint8Array(a.byteLength + 1000);
    b.set(a.subarray(0, 100_000));
    b.set(mixed(1000, 9), 100_000);
    b.set(a.subarray(100_000), 101_000);
    const jobs = async (d: Uint8Array) => {
      const out: BlockJob[] = [];
      for await (const j of blockJobs(pieces(d, 65_537))) out.push(j);
      return out;
    };
    const ja = await jobs(a);
    const jb = await jobs(b);
    for (const js of [ja, jb]) {
      expect(js.slice(0, -1).every((j) => j.block.byteLength >= MIN_BLOCK && j.block.byteLength <= BLOCK_SIZE)).toBe(true);
      expect(js.some((j) => j.block.byteLength < BLOCK_SIZE && !j.last)).toBe(true); // cut by content, not by size
    }
    const keys = (js: BlockJob[]) => js.map((j) => sha(j.block) + sha(j.dict));
    const ka = new Set(keys(ja));
    const same = keys(jb).filter((k) => ka.has(k)).length;
    expect(same).toBeGreaterThanOrEqual(jb.length - 2); // only the block with the insertion (and maybe its neighbour) differs
  });

  it('reuses cached blocks and gives the bytes deflating everything gives', async () => {
    const a = mixed(6 << 20, 5);
    const b = a.slice();
    b.fill(0x41, 3 << 20, (3 << 20) + 500); // an edit in the middle, same length
    let sent = 0;
    const w = workerDeflater();
    const counting = (job: BlockJob) => {
      sent++;
      return w(job);
    };
    const cache = new BlockCache(64 << 20, (parts) => nodeDeps.hasher.sha256(parts));
    expect(sha(await blockGzip([a], {}, [counting], cache))).toBe(sha(await blockGzipSync([a])));
    const blocksA = sent;
    sent = 0;
    expect(sha(await blockGzip([a], {}, [counting], cache))).toBe(sha(await blockGzipSync([a])));
    expect(sent).toBe(0);
    expect(sha(await blockGzip([b], {}, [counting], cache))).toBe(sha(await blockGzipSync([b])));
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThanOrEqual(2);
    expect(blocksA).toBeGreaterThan(3);
    // a small cache keeps only what fits
    const small = new BlockCache(1000, cache.sha256);
    small.put('x', { deflated: new Uint8Array(600), crc: 1 });
    small.put('y', { deflated: new Uint8Array(600), crc: 2 });
    expect(small.get('x')).toBeUndefined();
    expect(small.get('y')?.crc).toBe(2);
    expect(small.size).toBe(600);
  });

  it('the worker thread deflates a block byte for byte as deflateBlock does, with its CRC-32', async () => {
    const w = workerDeflater();
    const deflate = await loadRawDeflate();
    const block = data.slice(BLOCK_SIZE, 2 * BLOCK_SIZE);
    const dict = data.slice(BLOCK_SIZE - 32768, BLOCK_SIZE);
    const small = Uint8Array.from({ length: 1000 }, (_, i) => (Math.imul(i + 1, 2654435761) >>> 24) & 0x7f); // ends mid-byte
    for (const [b, d] of [[block, dict], [small, new Uint8Array(0)]] as const) {
      for (const last of [false, true]) {
        const want = deflateBlock(deflate, b, d, last);
        const got = await w({ block: b.slice(), dict: d, last });
        expect(sha(got.deflated)).toBe(sha(want.deflated));
        expect(got.crc).toBe(want.crc);
      }
    }
  });

  it('a deflate thread that ended fails its blocks, and the next gzip replaces it', async () => {
    const t = deflateThread();
    await t.terminate();
    expect(t.dead).toBe(true);
    await expect(t.deflate({ block: data.slice(0, 1000), dict: new Uint8Array(0), last: true })).rejects.toThrow(/exited/);
    // two inputs, so the second gzip finds no block of the first in the block cache
    const [one, two] = [mixed(3 << 20, 11), mixed(3 << 20, 12)];
    expect(sha(await nodeDeps.gzip.gzip([one.slice()]))).toBe(sha(await blockGzipSync([one])));
    const [first] = currentDeflateThreads();
    await first!.terminate();
    expect(sha(await nodeDeps.gzip.gzip([two.slice()]))).toBe(sha(await blockGzipSync([two])));
    expect(currentDeflateThreads()[0]).not.toBe(first);
    expect(currentDeflateThreads().every((x) => !x.dead)).toBe(true);
  });

  it('combines CRC-32s as one pass over the bytes computes them', () => {
    const a = data.subarray(0, 1000);
    const b = data.subarray(1000, 300_000);
    expect(crc32Combine(crc32(a), crc32(b), b.byteLength)).toBe(crc32(data.subarray(0, 300_000)));
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('stops between blocks when its signal aborts, and reports progress per block', async () => {
    for (const deflaters of [[], [workerDeflater(), workerDeflater()]]) {
      const ac = new AbortController();
      const seen: number[] = [];
      const run = blockGzip(pieces(data, 65536), {
        signal: ac.signal,
        onProgress: (n) => {
          seen.push(n);
          if (n >= BLOCK_SIZE) ac.abort(new Error('canceled'));
        },
      }, deflaters);
      await expect(run).rejects.toThrow('canceled');
      // progress counts whole blocks: the first one done is the first or (two threads) the second
      const jobs = blockJobs([data]);
      const lengths = [(await jobs.next()).value as BlockJob, (await jobs.next()).value as BlockJob].map((j) => j.block.byteLength);
      expect(deflaters.length === 0 ? [lengths[0]] : lengths).toContain(seen[0]);
      expect(seen.at(-1)!).toBeLessThan(data.byteLength);
    }
  });
});
