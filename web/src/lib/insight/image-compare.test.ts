import { describe, expect, it } from 'vitest';
import { nodeDeps } from '#engine/platform/node';
import { SCRATCH, SINGLE_STAGE, TARGETS } from '../../../../lessons/dockerfiles.ts';
import type { ImageLayer } from '../sandbox/panel-data.ts';
import { SandboxClient } from '../sandbox/SandboxClient.svelte.ts';
import { memoryStore } from '../workspace/memory-store.test-util.ts';
import { Workspace } from '../workspace/Workspace.svelte.ts';
import { bytesByKind, compareImages, instruction, layerKind } from './image-compare.ts';

let next = 0;
function layer(createdBy: string, size: number, diffId?: string): ImageLayer {
  return { index: next++, createdBy, size, unpackedSize: size * 2, empty: diffId === undefined, ...(diffId ? { diffId } : {}) };
}

const golang = [layer('ADD alpine-minirootfs.tar.gz / # buildkit', 3_427_814, 'sha256:a'), layer('RUN /bin/sh -c apk add ... # buildkit', 169_742, 'sha256:b'), layer('RUN /bin/sh -c wget go.tgz ... # buildkit', 98_475_748, 'sha256:c'), layer('ENV GOPATH=/go', 0)];
const builder = [...golang, layer('WORKDIR /src', 93, 'sha256:d'), layer('RUN /bin/sh -c go build -o /bin/client ./cmd/client # buildkit', 48_000_000, 'sha256:e')];
const client = [layer('COPY /bin/client /bin/ # buildkit', 4_200_000, 'sha256:f'), layer('ENTRYPOINT ["/bin/client"]', 0)];

describe('compareImages', () => {
  it('explains the golang builder vs the scratch image: nothing shared, the base accounts for the size', () => {
    const c = compareImages({ ref: 'build-client:latest', layers: builder }, { ref: 'buildme:latest', layers: client });
    expect(c.shared).toEqual([]);
    expect(c.sizeA).toBe(3_427_814 + 169_742 + 98_475_748 + 93 + 48_000_000);
    expect(c.onlyA.map((l) => l.size)).toEqual([98_475_748, 48_000_000, 3_427_814, 169_742, 93]);
    expect(c.onlyB.map((l) => l.createdBy)).toEqual(['COPY /bin/client /bin/ # buildkit']);
    expect(c.summary).toBe(
      "build-client:latest (150MB) is 146MB larger than buildme:latest (4.2MB): they share no layers; build-client:latest's own 5 layers hold 150MB, the largest RUN wget go.tgz ... (98.5MB); buildme:latest's own 1 layer holds 4.2MB (COPY /bin/client /bin/).",
    );
  });

  it('counts the common base as shared and only the differing top layers against each image', () => {
    const c = compareImages({ ref: 'golang', layers: golang }, { ref: 'builder', layers: builder });
    expect(c.shared.map((l) => l.diffId)).toEqual(['sha256:a', 'sha256:b', 'sha256:c']);
    expect(c.onlyA).toEqual([]);
    expect(c.onlyB.map((l) => l.diffId)).toEqual(['sha256:e', 'sha256:d']);
    expect(c.summary).toMatch(/^golang \(102MB\) is 48MB smaller than builder \(150MB\): they share 3 layers \(102MB\); golang adds no layers of its own; builder's own 2 layers hold 48MB, /);
  });

  it('says when two images are the same size', () => {
    expect(compareImages({ ref: 'a', layers: client }, { ref: 'b', layers: client }).summary).toBe('a and b are the same size (4.2MB): they share 1 layer (4.2MB); a adds no layers of its own; b adds no layers of its own.');
  });

  it('shortens history entries to the instruction', () => {
    expect(instruction('RUN /bin/sh -c go build -o /bin/client ./cmd/client # buildkit')).toBe('RUN go build -o /bin/client ./cmd/client');
    expect(instruction('/bin/sh -c #(nop)  CMD ["sh"]')).toBe('CMD ["sh"]');
    expect(instruction('/bin/sh -c apk add  git')).toBe('RUN apk add git');
    expect(instruction('COPY . . # buildkit')).toBe('COPY . .');
  });
});

describe('compareImages summary', () => {
  it('clips a long instruction to 60 characters', () => {
    const long = [layer(`RUN /bin/sh -c ${'x'.repeat(100)} # buildkit`, 9_000_000, 'sha256:long'), layer('RUN /bin/sh -c y # buildkit', 1, 'sha256:y')];
    const s = compareImages({ ref: 'a', layers: long }, { ref: 'b', layers: [] }).summary;
    expect(s).toContain(`the largest RUN ${'x'.repeat(55)}… (9MB)`);
  });
});

describe('where the bytes are', () => {
  it('names what each layer holds from its instruction', () => {
    expect(layerKind('ADD alpine-minirootfs-3.19.8-x86_64.tar.gz / # buildkit')).toBe('base');
    expect(layerKind('/bin/sh -c apk add --no-cache ca-certificates')).toBe('base');
    expect(layerKind('WORKDIR /src')).toBe('other');
    expect(layerKind('COPY go.mod go.sum . # buildkit')).toBe('source');
    expect(layerKind('COPY . . # buildkit')).toBe('source');
    expect(layerKind('RUN /bin/sh -c go mod download # buildkit')).toBe('modules');
    expect(layerKind('RUN /bin/sh -c go build -o /bin/client ./cmd/client # buildkit')).toBe('binaries');
    expect(layerKind('COPY /bin/client /bin/server /bin/ # buildkit')).toBe('binaries');
  });

  it('attributes at least 95% of the chapter 1 -> chapter 3 difference to the base, modules, source and binaries', async () => {
    const ws = new Workspace(memoryStore());
    await ws.init();
    const client = new SandboxClient(ws, nodeDeps, () => undefined);
    const quiet = { stdout: () => {}, stderr: () => {} };
    for (const [tag, dockerfile, target] of [['ch1', SINGLE_STAGE, ''], ['ch3', SCRATCH, ''], ['ch3-client', TARGETS, ' --target=client']] as const) {
      ws.update('Dockerfile', dockerfile);
      expect((await client.run(`docker build -t ${tag}${target} .`, quiet)).exitCode).toBe(0);
    }
    const side = async (ref: string) => ({ ref, layers: await client.images.layers(ref) });
    const sizes = new Map((await client.images.list()).map((r) => [r.ref, r.size]));
    const c = compareImages(await side('ch1:latest'), await side('ch3:latest'));
    // compressed, as docker images adds them up
    expect(c.sizeA).toBe(sizes.get('ch1:latest'));
    expect(c.sizeB).toBe(sizes.get('ch3:latest'));
    expect(c.sizeA - c.sizeB).toBeGreaterThan(100e6);
    expect(c.attributed).toBeGreaterThanOrEqual(0.95);
    const kinds = Object.fromEntries(c.byKind.map((k) => [k.kind, k]));
    expect(c.byKind[0]!.kind).toBe('base'); // the Go toolchain base is most of it
    expect(kinds.base!.a).toBeGreaterThan(95e6);
    expect(kinds.base!.b).toBe(0);
    expect(kinds.modules!.a).toBeGreaterThan(0);
    expect(kinds.source!.a).toBeGreaterThan(0);
    expect(kinds.binaries!.b).toBe(c.sizeB); // ch3 is the binaries alone
    expect(kinds.binaries!.aUnpacked).toBeGreaterThan(kinds.binaries!.a); // uncompressed beside compressed
    expect(c.byKind.reduce((n, k) => n + k.diff, 0)).toBe(c.sizeA - c.sizeB);

    // one image alone: its bytes by kind add up to what docker images shows
    const ch1 = bytesByKind(await client.images.layers('ch1:latest'));
    expect(ch1.map((k) => k.kind)).toEqual(['base', 'binaries', 'modules', 'source', 'other']);
    expect(ch1.reduce((n, k) => n + k.a, 0)).toBe(sizes.get('ch1:latest'));
    expect(ch1.every((k) => k.aUnpacked >= k.a)).toBe(true);

    const client3 = compareImages(await side('ch1:latest'), await side('ch3-client:latest'));
    expect(client3.attributed).toBeGreaterThanOrEqual(0.95);
  }, 120_000);
});
