import { describe, expect, it } from 'vitest';
import { nodeDeps } from '../platform/node.ts';
import { collect } from '../platform/types.ts';
import { exportArchive } from '../image/index.ts';
import { alpineLikeImage, scratchImage } from '../image/testing/fixtures.ts';
import { ImageStore, MemoryBlobStore, MissingBlobError, formatInspect, imageFromStore, inspectImage, persistImage } from './index.ts';

describe('persistImage / imageFromStore', () => {
  it('round-trips an image through the blob store with identical digests and archive bytes', async () => {
    const { image } = await alpineLikeImage(nodeDeps);
    const blobs = new MemoryBlobStore();
    const stored = await persistImage(image, blobs);
    expect(stored.id).toBe(await image.configName());
    expect(stored.manifestDigest).toBe(await image.digest());
    expect(stored.platforms).toEqual(['linux/arm64/v8']);
    expect(stored.layers).toHaveLength(2);
    expect(await blobs.list()).toHaveLength(4); // manifest, config, two layers
    // the store survives JSON (what the CLI writes to disk)
    const reloaded = new ImageStore(JSON.parse(JSON.stringify(new ImageStore([stored]))));
    const back = await imageFromStore(reloaded.find(stored.id.slice(7, 19))!, blobs, nodeDeps);
    const a = await collect(exportArchive(image, { variant: 'docker', names: ['x:1'] }));
    const b = await collect(exportArchive(back, { variant: 'docker', names: ['x:1'] }));
    expect(Buffer.from(b).equals(Buffer.from(a))).toBe(true);
    expect(await (await back.layers())[1]!.uncompressed()).toEqual(await (await image.layers())[1]!.uncompressed());
  });

  it('skips layers on request and gets them back from the fallback, or fails naming the digest', async () => {
    const image = await scratchImage(nodeDeps);
    const blobs = new MemoryBlobStore();
    const stored = await persistImage(image, blobs, { storeLayer: () => false });
    const layer = (await image.layers())[0]!;
    expect(await blobs.has(await layer.digest())).toBe(false);
    const withFallback = await imageFromStore(stored, blobs, nodeDeps, async (d) => (d === (await layer.digest()) ? layer.compressed() : undefined));
    expect(await (await withFallback.layers())[0]!.compressed()).toEqual(await layer.compressed());
    const without = await imageFromStore(stored, blobs, nodeDeps);
    await expect((await without.layers())[0]!.compressed()).rejects.toBeInstanceOf(MissingBlobError);
  });

  it('can keep an image with OCI media types: same image ID, an OCI manifest', async () => {
    const docker = await scratchImage(nodeDeps, undefined, false);
    const stored = await persistImage(docker, new MemoryBlobStore(), { oci: true });
    expect(stored.id).toBe(await docker.configName());
    expect(stored.manifestDigest).not.toBe(await docker.digest());
    const blobs = new MemoryBlobStore();
    const back = await imageFromStore(await persistImage(docker, blobs, { oci: true }), blobs, nodeDeps);
    expect((await back.manifest()).mediaType).toBe('application/vnd.oci.image.manifest.v1+json');
    expect((await back.manifest()).layers[0]!.mediaType).toBe('application/vnd.oci.image.layer.v1.tar+gzip');
  });
});

describe('docker inspect', () => {
  it('prints Docker\'s JSON array shape with familiar tags, digests and the rootfs', async () => {
    const { image } = await alpineLikeImage(nodeDeps);
    const store = new ImageStore();
    const stored = store.put({ ...(await persistImage(image, new MemoryBlobStore())), lastTagTime: '2026-01-02T03:04:06Z' }, ['app:v1', 'registry.example/team/app']);
    const doc = inspectImage(stored);
    expect(Object.keys(doc)).toEqual([
      'Id', 'RepoTags', 'RepoDigests', 'Parent', 'Comment', 'Created', 'DockerVersion', 'Author', 'Config',
      'Architecture', 'Variant', 'Os', 'Size', 'GraphDriver', 'RootFS', 'Metadata',
    ]);
    expect(doc.RepoTags).toEqual(['app:v1', 'registry.example/team/app:latest']);
    expect(doc.RepoDigests).toEqual([`app@${await image.digest()}`, `registry.example/team/app@${await image.digest()}`]);
    expect(doc).toMatchObject({ Architecture: 'arm64', Variant: 'v8', Os: 'linux', Comment: 'buildkit.dockerfile.v0', Metadata: { LastTagTime: '2026-01-02T03:04:06Z' } });
    expect((doc.Config as { Entrypoint: string[] }).Entrypoint).toEqual(['/app/main']);
    expect((doc.RootFS as { Layers: string[] }).Layers).toEqual((await image.configFile()).rootfs!.diff_ids);
    const text = formatInspect([stored]);
    expect(text.startsWith('[\n    {\n        "Id": "sha256:')).toBe(true);
    expect(text).toContain('"a": "\\u003c1\\u003e"'); // the label <1>, escaped as Go does
  });
});
