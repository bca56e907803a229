import { describe, expect, it } from 'vitest';
import { MemoryCacheMountStore } from '../cache/index.ts';
import { build } from '../build/build.ts';
import { capture, filesOf, readContext, testDeps } from '../build/testing/project.ts';
import { parseTar } from '../image/index.ts';

const dec = new TextDecoder();
const enc = new TextEncoder();

async function layerNames(r: Awaited<ReturnType<typeof build>>): Promise<string[]> {
  const out: string[] = [];
  const layers = await r.images[0]!.layers();
  for (const l of layers.slice(1)) out.push(...parseTar(await l.uncompressed()).map((e) => e.name));
  return out;
}

describe('RUN --mount', () => {
  it('type=cache persists across builds, never enters a layer, and leaves no stub', async () => {
    const cacheMounts = new MemoryCacheMountStore();
    const deps = testDeps({ cacheMounts });
    const df = 'FROM alpine:3.21\nRUN --mount=type=cache,target=/cache echo run >> /cache/log && cat /cache/log > /seen\n';
    const first = await build({ dockerfile: df, context: [] }, deps);
    expect(dec.decode(first.filesystems[0]!.readFile('/seen'))).toBe('run\n');
    expect(first.filesystems[0]!.exists('/cache')).toBe(false);
    expect(await layerNames(first)).toEqual(['seen']);
    const second = await build({ dockerfile: df, context: [], noCache: true }, deps);
    expect(dec.decode(second.filesystems[0]!.readFile('/seen'))).toBe('run\nrun\n');
    expect(cacheMounts.ids()).toEqual(['/cache']);
  });

  it('the guide\'s cache mount on /go/pkg/mod makes the second go mod download faster', async () => {
    const df = 'FROM golang:1.20-alpine\nWORKDIR /src\nCOPY go.mod go.sum .\nRUN --mount=type=cache,target=/go/pkg/mod/ go mod download -x\n';
    const deps = testDeps();
    const ms = async (noCache: boolean) => {
      const c = capture();
      const r = await build({ dockerfile: df, context: readContext(), noCache }, deps, { onEvent: c.onEvent });
      const start = c.events.flatMap((e) => (e.kind === 'vertex-start' && e.name.includes('go mod download') ? [e] : []))[0]!;
      const done = c.events.flatMap((e) => (e.kind === 'vertex-done' && e.vertex === start.vertex ? [e] : []))[0]!;
      expect(r.filesystems[0]!.exists('/go/pkg/mod/github.com')).toBe(false);
      return done.t - start.t;
    };
    const cold = await ms(false);
    const warm = await ms(true);
    expect(warm).toBeLessThan(cold);
  }, 60_000);

  it('type=bind reads the context (read-only by default); rw writes are discarded', async () => {
    const r = await build({
      dockerfile: 'FROM alpine:3.21\nWORKDIR /src\nRUN --mount=type=bind,target=. cat a.txt > /copied\nRUN --mount=type=bind,target=/m,rw echo x > /m/new && ls /m > /listing\n',
      context: filesOf({ 'a.txt': 'A' }),
    }, testDeps());
    const fs = r.filesystems[0]!;
    expect(dec.decode(fs.readFile('/copied'))).toBe('A');
    expect(dec.decode(fs.readFile('/listing'))).toBe('a.txt\nnew\n');
    expect(fs.exists('/m')).toBe(false);
    expect(fs.readdir('/src')).toEqual([]);
  });

  it('writing into a read-only bind fails the step', async () => {
    const c = capture();
    const err = await build({ dockerfile: 'FROM alpine:3.21\nRUN --mount=type=bind,target=/m echo x > /m/out\n', context: filesOf({ 'a.txt': 'A' }) }, testDeps(), { onEvent: c.onEvent }).catch((e: unknown) => e);
    expect((err as Error).message).toBe('process "/bin/sh -c echo x > /m/out" did not complete successfully: exit code: 1');
    expect(c.plain()).toContain('/m/out: Read-only file system');
  });

  it('type=bind from another stage, with source', async () => {
    const r = await build({
      dockerfile: 'FROM alpine:3.21 AS b\nRUN mkdir /out && echo built > /out/x\nFROM alpine:3.21\nRUN --mount=type=bind,from=b,source=/out,target=/in cp /in/x /got\n',
      context: [],
    }, testDeps());
    expect(dec.decode(r.filesystems[0]!.readFile('/got'))).toBe('built\n');
  });

  it('a bind of a missing source fails like a missing COPY source', async () => {
    const err = await build({ dockerfile: 'FROM alpine:3.21\nRUN --mount=type=bind,source=nope,target=/n true\n', context: [] }, testDeps()).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/failed to calculate checksum of ref \S+: "\/nope": not found$/);
  });

  it('type=tmpfs is an empty writable dir that leaves nothing behind', async () => {
    const r = await build({ dockerfile: 'FROM alpine:3.21\nRUN --mount=type=tmpfs,target=/scratch echo t > /scratch/t && cat /scratch/t > /res\n', context: [] }, testDeps());
    expect(dec.decode(r.filesystems[0]!.readFile('/res'))).toBe('t\n');
    expect(r.filesystems[0]!.exists('/scratch')).toBe(false);
  });

  it('type=secret is at /run/secrets/<id> and never in layers, history or logs', async () => {
    const secret = 's3cr3t-value';
    const c = capture();
    const r = await build({
      dockerfile: 'FROM alpine:3.21\nRUN --mount=type=secret,id=token cat /run/secrets/token; wc -c < /run/secrets/token > /len\nRUN --mount=type=secret,id=token,env=TOKEN echo "$TOKEN" | wc -c > /envlen\n',
      context: [],
      secrets: { token: enc.encode(secret) },
    }, testDeps(), { onEvent: c.onEvent });
    const fs = r.filesystems[0]!;
    expect(dec.decode(fs.readFile('/len')).trim()).toBe(String(secret.length));
    expect(dec.decode(fs.readFile('/envlen')).trim()).toBe(String(secret.length + 1));
    expect(fs.exists('/run/secrets/token')).toBe(false);
    expect(JSON.stringify(c.events)).not.toContain(secret);
    const layers = await r.images[0]!.layers();
    const blobs = [await r.images[0]!.rawConfigFile(), ...(await Promise.all(layers.slice(1).map((l) => l.uncompressed())))];
    for (const bytes of blobs) expect(Buffer.from(bytes).includes(Buffer.from(secret))).toBe(false);
  });

  it('a required secret that was not given fails; ssh mounts fail clearly', async () => {
    const err = await build({ dockerfile: 'FROM alpine:3.21\nRUN --mount=type=secret,id=x,required true\n', context: [] }, testDeps()).catch((e: unknown) => e);
    expect((err as Error).message).toBe('secret x: not found');
    const ssh = await build({ dockerfile: 'FROM alpine:3.21\nRUN --mount=type=ssh true\n', context: [] }, testDeps()).catch((e: unknown) => e);
    expect((ssh as Error).message).toContain('no SSH key "default" forwarded from the client');
    const root = await build({ dockerfile: 'FROM alpine:3.21\nRUN --mount=type=tmpfs,target=/ true\n', context: [] }, testDeps()).catch((e: unknown) => e);
    expect((root as Error).message).toBe('invalid mount target "/"');
  });
});

describe('cache mount sharing', () => {
  it('locked serialises concurrent RUNs; private gives a busy cache a fresh instance', async () => {
    const { acquireCache } = await import('./cache-sharing.ts');
    const store = new MemoryCacheMountStore();
    const order: string[] = [];
    const a = await acquireCache(store, 'x', 'locked');
    const waiting = acquireCache(store, 'x', 'locked').then((l) => {
      order.push('b');
      return l;
    });
    await Promise.resolve();
    order.push('a');
    a.release();
    (await waiting).release();
    expect(order).toEqual(['a', 'b']);
    const s = await acquireCache(store, 'y', 'shared');
    expect((await acquireCache(store, 'y', 'private')).shared).toBe(false);
    s.release();
    expect((await acquireCache(store, 'y', 'private')).shared).toBe(true);
  });

  it('two stages sharing one cache id both see it and both writes are kept', async () => {
    const cacheMounts = new MemoryCacheMountStore();
    const df = 'FROM alpine:3.21 AS a\nRUN --mount=type=cache,id=c,target=/c touch /c/a\nFROM alpine:3.21 AS b\nRUN --mount=type=cache,id=c,target=/c touch /c/b\nFROM scratch\nCOPY --from=a /etc/os-release /a\nCOPY --from=b /etc/os-release /b\n';
    await build({ dockerfile: df, context: [] }, testDeps({ cacheMounts }));
    expect(cacheMounts.get('c')!.readdir('/')).toEqual(['a', 'b']);
  });
});
