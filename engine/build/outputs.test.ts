import { describe, expect, it } from 'vitest';
import { parseTar } from '../image/index.ts';
import { build } from './build.ts';
import { toStoredImage } from './stored.ts';
import { capture, filesOf, testDeps } from './testing/project.ts';
import { nodeDeps } from '../platform/node.ts';
import { webGzip } from '../platform/web.ts';
import { BLOCK_SIZE } from '../platform/block-gzip.ts';
import { MemoryLayerBlobs, type Chunks, type GzipOptions } from '../platform/types.ts';
import { EngineError } from '../source/errors.ts';
import type { BuildEvent } from '../progress/events.ts';

const DF = `FROM alpine:3.21 AS build
RUN mkdir -p /out && echo bin > /out/app

FROM scratch
COPY --from=build /out/app /bin/app
ENTRYPOINT ["/bin/app"]
`;
const dec = new TextDecoder();

describe('outputs', () => {
  it('type=local writes the target filesystem; with several platforms one folder each', async () => {
    const one = await build({ dockerfile: DF, context: [], outputs: [{ type: 'local', dest: 'out' }] }, testDeps());
    expect(one.outputs[0]!.files!.map((f) => f.path)).toEqual(['bin', 'bin/app']);
    const two = await build({ dockerfile: DF, context: [], platforms: ['linux/amd64', 'linux/arm64'], outputs: [{ type: 'local', dest: 'out' }] }, testDeps());
    const paths = two.outputs[0]!.files!.map((f) => f.path);
    expect(paths).toContain('linux_amd64/bin/app');
    expect(paths).toContain('linux_arm64/bin/app');
    expect(two.images.map((i) => i.platform().architecture)).toEqual(['amd64', 'arm64']);
  });

  it('multi-platform vertexes carry the platform in their prefix', async () => {
    const c = capture();
    await build({ dockerfile: DF, context: [], platforms: ['linux/amd64', 'linux/arm64'] }, testDeps(), { onEvent: c.onEvent });
    const names = c.events.flatMap((e) => (e.kind === 'vertex-start' ? [e.name] : []));
    expect(names).toContain('[linux/arm64 internal] load metadata for docker.io/library/alpine:3.21');
    expect(names).toContain('[linux/arm64 build 2/2] RUN mkdir -p /out && echo bin > /out/app');
    expect(names).toContain('[linux/amd64 stage-1 1/1] COPY --from=build /out/app /bin/app');
  });

  it('type=tar is the root filesystem; type=docker/oci are loadable archives', async () => {
    const r = await build({
      dockerfile: DF, context: [], tags: ['app'],
      outputs: [{ type: 'tar', dest: 'x.tar' }, { type: 'docker', dest: 'd.tar' }, { type: 'oci', dest: 'o.tar' }],
    }, testDeps());
    expect(parseTar(r.outputs[0]!.archive!).map((e) => e.name)).toEqual(['bin/', 'bin/app']);
    const docker = parseTar(r.outputs[1]!.archive!).map((e) => e.name);
    expect(docker).toContain('manifest.json');
    expect(docker).toContain('oci-layout');
    const oci = parseTar(r.outputs[2]!.archive!);
    expect(oci.map((e) => e.name)).not.toContain('manifest.json');
    const index = JSON.parse(dec.decode(oci.find((e) => e.name === 'index.json')!.data)) as { manifests: { mediaType: string }[] };
    expect(index.manifests[0]!.mediaType).toBe('application/vnd.oci.image.manifest.v1+json');
  });

  it('type=cacheonly runs every stage and exports nothing: no exporter vertex, no output (buildx drops it)', async () => {
    const c = capture();
    const r = await build({ dockerfile: DF, context: [], tags: ['app'], outputs: [{ type: 'cacheonly' }] }, testDeps(), { onEvent: c.onEvent });
    const names = c.events.flatMap((e) => (e.kind === 'vertex-start' ? [e.name] : []));
    expect(names).toContain('[build 2/2] RUN mkdir -p /out && echo bin > /out/app');
    expect(names).toContain('[stage-1 1/1] COPY --from=build /out/app /bin/app');
    expect(names.filter((n) => n.startsWith('exporting'))).toEqual([]);
    expect(r.outputs).toEqual([]);
    expect(r.filesystems[0]!.entries().map((e) => e.path)).toContain('/bin/app');
  });

  it('a cancel during the export stops it: the exporter ends CANCELED, nothing is output', async () => {
    for (const outputs of [undefined, [{ type: 'docker' as const, dest: 'd.tar' }], [{ type: 'tar' as const, dest: 'x.tar' }]]) {
      const c = capture();
      const ac = new AbortController();
      const err = await build({ dockerfile: DF, context: [], tags: ['app'], ...(outputs ? { outputs } : {}) }, testDeps(), {
        signal: ac.signal,
        onEvent: (e) => {
          c.onEvent(e);
          if (e.kind === 'vertex-start' && e.name.startsWith('exporting to')) ac.abort();
        },
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EngineError);
      expect((err as EngineError).code).toBe('canceled');
      const exporter = c.events.find((e): e is Extract<BuildEvent, { kind: 'vertex-start' }> => e.kind === 'vertex-start' && e.name.startsWith('exporting to'))!;
      expect(c.events.filter((e) => e.kind === 'vertex-done' && e.vertex === exporter.vertex)).toEqual([expect.objectContaining({ canceled: true })]);
      expect(c.plain()).toMatch(new RegExp(`#${exporter.vertex} CANCELED\n`));
    }
  });

  it('a cancel does not wait for a layer being compressed', async () => {
    let compressing!: () => void;
    const started = new Promise<void>((r) => (compressing = r));
    // A gzip that never ends: the export can only stop by the cancel.
    const platform = { ...nodeDeps, gzip: { ...nodeDeps.gzip, gzip: () => (compressing(), new Promise<Uint8Array>(() => undefined)) } };
    const ac = new AbortController();
    const c = capture();
    // a Dockerfile of its own: a step layer made by another test (found again by its step's id) would be compressed already
    const df = DF.replace('echo bin', 'echo never-ending gzip');
    const pending = build({ dockerfile: df, context: [], outputs: [{ type: 'oci', dest: 'o.tar' }] }, testDeps({ platform }), { signal: ac.signal, onEvent: c.onEvent });
    await started;
    ac.abort();
    const err = await pending.catch((e: unknown) => e);
    expect((err as EngineError).code).toBe('canceled');
    expect(c.plain()).toContain('exporting to oci image format');
    expect(c.events.some((e) => e.kind === 'vertex-done' && e.canceled)).toBe(true);
  }, 10_000);

  it.each([
    ['on this thread (a page without workers)', webGzip],
    ['on worker threads', nodeDeps.gzip],
  ])('Ctrl+C in the middle of a layer\'s compression %s gets through within a block', async (_where, gzip) => {
    let pulled = 0;
    let atAbort = -1;
    let due = 0;
    let biggest = 0;
    const ac = new AbortController();
    // the real layer gzip reading its input through a counter; the cancel is a timer (a
    // macrotask, as a key press or SIGINT is), due as soon as 20 MiB of golang's big layer are read
    const platform = {
      ...nodeDeps,
      gzip: {
        ...gzip,
        gzip: (chunks: Chunks, opts?: GzipOptions) => gzip.gzip((async function* () {
          for await (const ch of chunks) {
            pulled += ch.byteLength;
            biggest = Math.max(biggest, ch.byteLength);
            if (pulled > 20 * BLOCK_SIZE && atAbort === -1) {
              atAbort = 0;
              due = pulled;
              setTimeout(() => {
                atAbort = pulled;
                ac.abort();
              }, 0);
            }
            yield ch;
          }
        })(), opts),
      },
    };
    const c = capture();
    const err = await build({ dockerfile: 'FROM golang:1.20-alpine\nRUN echo hi\n', context: [], outputs: [{ type: 'oci', dest: 'o.tar' }] }, testDeps({ platform }), { signal: ac.signal, onEvent: c.onEvent }).catch((e: unknown) => e);
    expect((err as EngineError).code).toBe('canceled');
    await new Promise((r) => setTimeout(r, 500)); // anything still compressing would read on meanwhile
    // the timer ran within a few blocks (and one chunk of the tar) of being due; a compression
    // that never yields would run it at the end of the 228 MB layer...
    expect(due).toBeGreaterThan(20 * BLOCK_SIZE);
    expect(atAbort - due).toBeLessThanOrEqual(3 * BLOCK_SIZE + biggest);
    expect(atAbort).toBeLessThan(100 * BLOCK_SIZE);
    // ...and the compression stopped: the blocks in flight and the one being filled, at most
    expect(pulled - atAbort).toBeLessThanOrEqual(3 * BLOCK_SIZE);
    expect(c.plain()).toMatch(/#\d+ exporting layers\n/);
    expect(c.plain()).toMatch(/#\d+ CANCELED\n/);
  }, 60_000);

  it('exporting layers shows a writing layer row for each blob it compresses, none for blobs made before', async () => {
    const deps = testDeps({ platform: { ...nodeDeps, layerBlobs: new MemoryLayerBlobs() } });
    const first = capture();
    // a Dockerfile of its own: a step layer made by another test (found again by its step's id) would be compressed already
    const req = { dockerfile: DF.replace('echo bin', 'echo rows'), context: [], outputs: [{ type: 'oci' as const, dest: 'o.tar' }] };
    const a = await build(req, deps, { onEvent: first.onEvent });
    const digests = await Promise.all((await a.images[0]!.layers()).map((l) => l.digest()));
    for (const d of digests) expect(first.plain()).toMatch(new RegExp(`^#\\d+ writing layer ${d} [\\d.]+s done$`, 'm'));
    expect(first.plain()).toMatch(/^#\d+ exporting layers\n(#\d+ writing layer .*\n)+#\d+ exporting layers [\d.]+s done\n/m);
    // the same layers again (a fresh build, blobs kept by diff ID): nothing is compressed
    const again = capture();
    await build(req, testDeps({ platform: deps.platform }), { onEvent: again.onEvent });
    expect(again.plain()).not.toContain('writing layer');
    expect(again.plain()).toMatch(/#\d+ exporting layers [\d.]+s done\n/);
  });

  it('the docker exporter refuses several platforms, as BuildKit does', async () => {
    const err = await build({ dockerfile: DF, context: [], platforms: ['linux/amd64', 'linux/arm64'], outputs: [{ type: 'docker' }] }, testDeps()).catch((e: unknown) => e);
    expect((err as Error).message).toBe('docker exporter does not currently support exporting manifest lists');
  });

  it('SOURCE_DATE_EPOCH makes the image reproducible whatever the clock says', async () => {
    const args = { SOURCE_DATE_EPOCH: '1700000000' };
    const a = await build({ dockerfile: DF, context: [], buildArgs: args, outputs: [{ type: 'oci' }] }, testDeps({ now: () => 1_800_000_000_000 }));
    const b = await build({ dockerfile: DF, context: [], buildArgs: args, outputs: [{ type: 'oci' }] }, testDeps({ now: () => 1_900_000_000_000 }));
    expect(a.outputs[0]!.archive).toEqual(b.outputs[0]!.archive);
    expect((await a.images[0]!.configFile()).created).toBe('2023-11-14T22:13:20Z');
    const c = await build({ dockerfile: DF, context: [] }, testDeps({ now: () => 1_800_000_000_000 }));
    expect((await c.images[0]!.configFile()).created).toBe('2027-01-15T08:00:00Z');
  });

  it('toStoredImage gives the store record: id, tags, sizes, history', async () => {
    const r = await build({ dockerfile: DF, context: [], tags: ['app', 'reg.example/x:1'] }, testDeps());
    const s = await toStoredImage(r.images[0]!, ['app', 'reg.example/x:1']);
    expect(s.id).toBe(await r.images[0]!.configName());
    expect(s.repoTags).toEqual(['docker.io/library/app:latest', 'reg.example/x:1']);
    expect(s.layers).toHaveLength(1);
    expect(s.history.map((h) => [h.createdBy, h.emptyLayer])).toEqual([
      ['COPY /out/app /bin/app # buildkit', false],
      ['ENTRYPOINT ["/bin/app"]', true],
    ]);
    expect(s.platforms).toEqual(['linux/amd64']);
  });

  it('.dockerignore removes files from the context', async () => {
    const df = 'FROM scratch\nCOPY . /ctx/\n';
    const r = await build({ dockerfile: df, context: filesOf({ '.dockerignore': '*.log\n', 'a.txt': 'a', 'b.log': 'b' }) }, testDeps());
    expect(r.filesystems[0]!.readdir('/ctx')).toEqual(['.dockerignore', 'a.txt']);
    const err = await build({ dockerfile: 'FROM scratch\nCOPY b.log /\n', context: filesOf({ '.dockerignore': '*.log\n', 'b.log': 'b' }) }, testDeps()).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/^failed to compute cache key: failed to calculate checksum of ref [0-9a-f-]+::[0-9a-z]+: "\/b.log": not found$/);
  });
});
