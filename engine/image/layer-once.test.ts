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
});
