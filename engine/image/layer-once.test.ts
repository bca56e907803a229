import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MemoryLayerBlobs } from '../platform/types.ts';
import { nodeDeps } from '../platform/node.ts';
import { layerFromEntries } from './layer.ts';

/** A generated file (as a built binary is) that counts how often its bytes are made. */
function generated(size: number): { content: { size: number; load(): Uint8Array }; loads: () => number } {
  let n = 0;
  return {
    content: {
      size,
      load: () => {
        n++;
        return Uint8Array.from({ length: size }, (_, i) => (i * 31 + (i >> 9)) & 0xff);
      },
    },
    loads: () => n,
  };
}

describe('a layer hashed and then compressed', () => {
  it('reads its tar once: the gzip takes the chunks the diff ID was hashed from', async () => {
    const g = generated(3 << 20);
    const deps = { ...nodeDeps, layerBlobs: new MemoryLayerBlobs() };
    const layer = layerFromEntries([{ path: '/bin/app', type: 'file', mode: 0o755, uid: 0, gid: 0, mtime: 0, content: g.content }], deps);
    await layer.diffId();
    expect(g.loads()).toBe(1);
    const blob = await layer.compressed();
    expect(g.loads()).toBe(1);
    // the same bytes as a layer that generated its tar again for the gzip
    const again = layerFromEntries([{ path: '/bin/app', type: 'file', mode: 0o755, uid: 0, gid: 0, mtime: 0, content: generated(3 << 20).content }], nodeDeps);
    expect(Buffer.from(await again.compressed()).equals(Buffer.from(blob))).toBe(true);
    expect(new Uint8Array(gunzipSync(blob))).toEqual(await layer.uncompressed());
    expect(g.loads()).toBe(2); // uncompressed() reads it again: nothing is kept after the gzip
  });

  it('hashes its blob once: the blob cache gets the digest the layer reports', async () => {
    const hashed: number[] = [];
    const hasher = { ...nodeDeps.hasher, sha256: async (chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>) => {
      const parts: Uint8Array[] = [];
      for await (const c of chunks) parts.push(c);
      hashed.push(parts.reduce((n, p) => n + p.byteLength, 0));
      return nodeDeps.hasher.sha256(parts);
    } };
    const puts: (string | undefined)[] = [];
    const blobs = new MemoryLayerBlobs();
    const layerBlobs = { get: (d: string) => blobs.get(d), put: (d: string, b: Uint8Array, digest?: string) => (puts.push(digest), blobs.put(d, b)) };
    const layer = layerFromEntries([{ path: '/a', type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: 0, content: generated(100_000).content }], { ...nodeDeps, hasher, layerBlobs });
    const digest = await layer.digest();
    const blob = await layer.compressed();
    expect(puts).toEqual([digest]);
    expect(hashed.filter((n) => n === blob.byteLength)).toHaveLength(1);
  });
});

describe('a fresh layer (its step just ran) compressed before anything asked its diff ID', () => {
  const entry = (g: ReturnType<typeof generated>) => ({ path: '/bin/app', type: 'file' as const, mode: 0o755, uid: 0, gid: 0, mtime: 0, content: g.content });

  it('reads its tar once for the gzip and the diff ID together, with the same bytes and digests', async () => {
    const g = generated(3 << 20);
    const layer = layerFromEntries([entry(g)], { ...nodeDeps, layerBlobs: new MemoryLayerBlobs() }, { fresh: true });
    const blob = await layer.compressed();
    const diffId = await layer.diffId();
    expect(g.loads()).toBe(1);
    expect(await layer.uncompressedSize()).toBe((await layer.uncompressed()).byteLength);
    const reference = layerFromEntries([entry(generated(3 << 20))], nodeDeps);
    expect(diffId).toBe(await reference.diffId());
    expect(Buffer.from(blob).equals(Buffer.from(await reference.compressed()))).toBe(true);
  });

  it('takes a blob kept for its diff ID over the one it made (the bytes every use reads)', async () => {
    const blobs = new MemoryLayerBlobs();
    const first = layerFromEntries([entry(generated(200_000))], { ...nodeDeps, layerBlobs: blobs });
    const kept = await first.compressed();
    const second = layerFromEntries([entry(generated(200_000))], { ...nodeDeps, layerBlobs: blobs }, { fresh: true });
    expect(await second.compressed()).toBe(kept);
  });

  it('forgets a diff ID its canceled compression did not finish, and hashes the tar when asked again', async () => {
    const g = generated(3 << 20);
    const layer = layerFromEntries([entry(g)], { ...nodeDeps, layerBlobs: new MemoryLayerBlobs() }, { fresh: true });
    const stop = new AbortController();
    const made = layer.compressed({ signal: stop.signal, onProgress: () => stop.abort(new Error('canceled')) });
    await expect(made).rejects.toThrow('canceled');
    const reference = layerFromEntries([entry(generated(3 << 20))], nodeDeps);
    expect(await layer.diffId()).toBe(await reference.diffId());
    expect(Buffer.from(await layer.compressed()).equals(Buffer.from(await reference.compressed()))).toBe(true);
  });

  it('is hashed first when not fresh (the layer of a CACHED step): a kept blob means nothing is compressed', async () => {
    const blobs = new MemoryLayerBlobs();
    const kept = await layerFromEntries([entry(generated(200_000))], { ...nodeDeps, layerBlobs: blobs }).compressed();
    let gzips = 0;
    const gzip = { ...nodeDeps.gzip, gzip: (...a: Parameters<typeof nodeDeps.gzip.gzip>) => (gzips++, nodeDeps.gzip.gzip(...a)) };
    const cachedStep = layerFromEntries([entry(generated(200_000))], { ...nodeDeps, gzip, layerBlobs: blobs });
    expect(await cachedStep.compressed()).toBe(kept);
    expect(gzips).toBe(0);
    const freshStep = layerFromEntries([entry(generated(200_000))], { ...nodeDeps, gzip, layerBlobs: blobs }, { fresh: true });
    expect(await freshStep.compressed()).toBe(kept);
    expect(gzips).toBe(1);
  });
});
