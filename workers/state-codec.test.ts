import { describe, expect, it } from 'vitest';
import { resolveImage } from '#engine/catalog';
import { imageState, type StageState } from '#engine/exec';
import { applyLayer, type TreeEntry } from '#engine/fs';
import { build, inProcessExecutor, type StageExecutor } from '#engine/build';
import { MemoryCacheMountStore, MemoryLayerCache, type CacheRecord } from '#engine/cache';
import { nodeDeps } from '#engine/platform/node';
import { decodeRecords, encodeRecords } from './stage-job-codec.ts';
import { EntriesPacker, EntriesUnpacker, decodeState, encodeState } from './state-codec.ts';

const enc = (s: string) => new TextEncoder().encode(s);

describe('encodeState / decodeState', () => {
  it('round-trips an executor state: tree delta over the catalog base, step layers, config, cache key', () => {
    const base = imageState(resolveImage('alpine:3.18', 'linux/amd64'));
    const step: TreeEntry[] = [
      { path: '/app', type: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: 5 },
      { path: '/app/hello', type: 'file', mode: 0o755, uid: 0, gid: 0, mtime: 5, content: enc('hi') },
      { path: '/etc/.wh.issue', type: 'file', mode: 0, uid: 0, gid: 0, mtime: 0, content: new Uint8Array(0) },
    ];
    const state: StageState = { ...base, snapshot: applyLayer(base.snapshot, step), layers: [...base.layers, { kind: 'step', entries: step, id: 'sha256:k 2026-01-01T00:00:00Z' }], cacheKey: 'sha256:k' };
    expect(base.snapshot.exists('/etc/issue')).toBe(true);
    const packer = new EntriesPacker();
    const wire = encodeState(state, packer);
    const { transfer } = packer;
    const bytes = transfer.reduce((n, b) => n + b.byteLength, 0);
    expect(bytes).toBeLessThan(4096); // the base image's files are not sent
    const back = decodeState(structuredClone(wire, { transfer }));
    expect(back.snapshot.entries()).toEqual(state.snapshot.entries()); // lazy contents: the same objects on this thread
    expect(back.snapshot.exists('/etc/issue')).toBe(false);
    expect(back.layers.slice(0, -1)).toEqual(base.layers);
    const last = back.layers.at(-1)!;
    expect(last.kind === 'step' && last.entries.map((e) => e.path)).toEqual(step.map((e) => e.path));
    expect(last.kind === 'step' && last.id).toBe('sha256:k 2026-01-01T00:00:00Z'); // export finds the layer it made before by this id
    expect(back.config).toEqual(state.config);
    expect(back.cacheKey).toBe('sha256:k');
  });
});

describe('states of real stages survive the wire', () => {
  /** Whiteouts, an opaque directory, hard and symbolic links, a cache mount, stage-to-stage copies. */
  const dockerfile = `FROM alpine:3.18 AS a
RUN mkdir -p /d/sub && echo hi > /d/sub/f && ln /d/sub/f /d/hard && ln -s /d/sub/f /d/sym && rm /etc/issue
RUN rm -rf /d/sub && mkdir /d/sub && echo new > /d/sub/g
WORKDIR /w
COPY x.txt .
RUN --mount=type=cache,target=/cache echo c > /cache/c && cp /cache/c /w/c

FROM scratch AS b
COPY --from=a /d /d

FROM a
COPY --from=b /d /e
RUN cat /e/sub/g /e/hard
`;
  const context = [{ path: 'x.txt', type: 'file' as const, mode: 0o644, mtime: 0, content: enc('x\n') }];

  it('rebuilds every stage tree from its layers, shares a step layer with its cache record, and exports the same image', async () => {
    const deps = () => ({ platform: nodeDeps, cache: new MemoryLayerCache(), cacheMounts: new MemoryCacheMountStore(), now: () => 0 });
    const local = inProcessExecutor(nodeDeps);
    const checked: number[] = [];
    const viaWire: StageExecutor = {
      parallel: false,
      async execute(job, ctx) {
        const puts: [string, CacheRecord][] = [];
        const state = await local.execute(job, { ...ctx, cache: { get: (k) => ctx.cache.get(k), put: (k, r) => (puts.push([k, r]), ctx.cache.put(k, r)) } });
        const packer = new EntriesPacker();
        const wire = { state: encodeState(state, packer), cache: encodeRecords(puts, packer) };
        // one buffer per step layer: the cache record of a step reuses its layer's
        const steps = state.layers.filter((l) => l.kind === 'step').length;
        expect(packer.transfer.length).toBe(2 * steps);
        const got = structuredClone(wire, { transfer: packer.transfer });
        const unpacker = new EntriesUnpacker();
        const back = decodeState(got.state, unpacker);
        expect(back.snapshot.entries()).toEqual(state.snapshot.entries());
        expect(decodeRecords(got.cache, unpacker).map(([k]) => k)).toEqual(puts.map(([k]) => k));
        checked.push(job.index);
        return back;
      },
    };
    const plain = await build({ dockerfile, context }, deps(), {});
    const wired = await build({ dockerfile, context }, deps(), { stages: viaWire });
    expect(checked.sort()).toEqual([0, 1, 2]);
    expect(await wired.images[0]!.configName()).toBe(await plain.images[0]!.configName());
    expect(wired.filesystems[0]!.entries()).toEqual(plain.filesystems[0]!.entries());
  });
});
