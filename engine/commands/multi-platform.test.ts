import { describe, expect, it } from 'vitest';
import { build } from '../build/build.ts';
import { filesOf, testDeps } from '../build/testing/project.ts';
import { nodeDeps } from '../platform/node.ts';
import { formatImages, formatInspect, ImageStore, imageSize, MemoryBlobStore, persistImage } from '../store/index.ts';
import { multiPlatformImage } from './multi-platform.ts';

const DF = 'FROM alpine\nRUN echo hi > /hello\n';

async function storeMulti() {
  const r = await build({ dockerfile: DF, context: filesOf({}), platforms: ['linux/amd64', 'linux/arm64'], tags: ['multi'] }, testDeps());
  const blobs = new MemoryBlobStore();
  const each = await Promise.all(r.images.map((i) => persistImage(i, blobs, { oci: true })));
  const stored = await multiPlatformImage(each, blobs, nodeDeps);
  const store = new ImageStore();
  store.put(stored, ['multi']);
  return { store, stored, each, blobs };
}

describe('a multi-platform image in the store (containerd image store)', () => {
  it('is one docker images row whose ID is the index digest and whose size counts every platform', async () => {
    const { store, stored, each, blobs } = await storeMulti();
    const rows = formatImages(store.list(), Date.parse(stored.created) + 5_000).trim().split('\n');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatch(new RegExp(`^multi +latest +${stored.index!.digest.slice(7, 19)} `));
    // Layers both platforms share (the same RUN output) are stored, and counted, once.
    const distinct = new Map(each.flatMap((i) => i.layers.map((l) => [l.digest, l.size] as const)));
    expect(imageSize(stored)).toBe([...distinct.values()].reduce((a, b) => a + b, 0));
    expect(imageSize(stored)).toBeGreaterThan(imageSize(each[0]!));
    const index = JSON.parse(new TextDecoder().decode(await blobs.get(stored.index!.digest))) as { manifests: { platform: { architecture: string } }[] };
    expect(index.manifests.map((m) => m.platform.architecture)).toEqual(['amd64', 'arm64']);
    expect(store.find(stored.index!.digest.slice(7, 19))).toBe(store.find('multi'));
  }, 60_000);

  it('inspect shows the host variant with the index Descriptor and one Manifests entry per platform', async () => {
    const { store, stored, each } = await storeMulti();
    const [doc] = JSON.parse(formatInspect([store.find('multi')!])) as Record<string, unknown>[];
    expect(doc!.Id).toBe(stored.index!.digest);
    expect([doc!.Os, doc!.Architecture]).toEqual(['linux', 'amd64']);
    expect(doc!.Descriptor).toEqual({ mediaType: 'application/vnd.oci.image.index.v1+json', digest: stored.index!.digest, size: stored.index!.size });
    const manifests = doc!.Manifests as { ID: string; Descriptor: { platform: Record<string, string> }; Kind: string }[];
    expect(manifests.map((m) => [m.ID, m.Descriptor.platform, m.Kind])).toEqual([
      [each[0]!.manifestDigest, { architecture: 'amd64', os: 'linux' }, 'image'],
      [each[1]!.manifestDigest, { architecture: 'arm64', os: 'linux' }, 'image'],
    ]);
  }, 60_000);
});
