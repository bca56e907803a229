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
    const hasher = { sha256: async (chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>) => {
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
