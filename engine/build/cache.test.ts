import { describe, expect, it } from 'vitest';
import { MemoryCacheMountStore, MemoryLayerCache } from '../cache/index.ts';
import type { ContextFile } from '../context/index.ts';
import type { BuildEvent } from '../progress/events.ts';
import { build } from './build.ts';
import { capture, readContext, testDeps } from './testing/project.ts';

const DF = `FROM golang:1.20-alpine AS base
WORKDIR /src
COPY go.mod go.sum .
RUN go mod download
COPY . .
RUN go build -o /bin/client ./cmd/client
LABEL version=1
`;
/** The same shape without the 7 MB binary (faster to hash when only cache behaviour matters). */
const LIGHT = DF.replace('RUN go build -o /bin/client ./cmd/client', 'RUN wc -c cmd/client/main.go > /client.txt');

/** Step name → 'CACHED' | 'DONE' for every Dockerfile step vertex. */
function outcomes(events: readonly BuildEvent[]): Record<string, string> {
  const names = new Map<number, string>();
  const out: Record<string, string> = {};
  for (const e of events) {
    if (e.kind === 'vertex-start' && /^\[base [0-9]/.test(e.name) && !e.name.includes(' FROM ')) names.set(e.vertex, e.name.replace(/^\[base \d\/\d\] /, ''));
    if (e.kind === 'vertex-done' && names.has(e.vertex)) out[names.get(e.vertex)!] = e.cached ? 'CACHED' : 'DONE';
  }
  return out;
}

function edit(files: readonly ContextFile[], path: string, text: string): ContextFile[] {
  return files.map((f) => (f.path === path ? { ...f, content: new TextEncoder().encode(text) } : f));
}

describe('layer cache across builds', () => {
  const context = readContext();

  it('a second identical build shows every step CACHED and gives the same image', async () => {
    const deps = testDeps();
    const a = capture();
    const r1 = await build({ dockerfile: LIGHT, context }, deps, { onEvent: a.onEvent });
    expect(Object.values(outcomes(a.events))).toEqual(['DONE', 'DONE', 'DONE', 'DONE', 'DONE']);
    const b = capture();
    const r2 = await build({ dockerfile: LIGHT, context }, deps, { onEvent: b.onEvent });
    expect(Object.values(outcomes(b.events))).toEqual(['CACHED', 'CACHED', 'CACHED', 'CACHED', 'CACHED']);
    expect(await r2.images[0]!.digest()).toBe(await r1.images[0]!.digest());
    expect(r2.modeledMs).toBeLessThan(r1.modeledMs);
  }, 60_000);

  it('editing one .go file re-runs COPY . . and later steps but keeps go mod download', async () => {
    const deps = testDeps();
    await build({ dockerfile: DF, context }, deps);
    const main = context.find((f) => f.path === 'cmd/client/main.go')!;
    const changed = edit(context, 'cmd/client/main.go', new TextDecoder().decode(main.content) + '\n// edited\n');
    const c = capture();
    await build({ dockerfile: DF, context: changed }, deps, { onEvent: c.onEvent });
    expect(outcomes(c.events)).toEqual({
      'WORKDIR /src': 'CACHED',
      'COPY go.mod go.sum .': 'CACHED',
      'RUN go mod download': 'CACHED',
      'COPY . .': 'DONE',
      'RUN go build -o /bin/client ./cmd/client': 'DONE',
    });
  }, 60_000);

  it('a metadata change (LABEL) does not invalidate RUN/COPY; --no-cache runs everything', async () => {
    const deps = testDeps();
    await build({ dockerfile: LIGHT, context }, deps);
    const c = capture();
    await build({ dockerfile: LIGHT.replace('version=1', 'version=2'), context }, deps, { onEvent: c.onEvent });
    expect(Object.values(outcomes(c.events)).every((o) => o === 'CACHED')).toBe(true);
    const n = capture();
    await build({ dockerfile: LIGHT, context, noCache: true }, deps, { onEvent: n.onEvent });
    expect(Object.values(outcomes(n.events)).every((o) => o === 'DONE')).toBe(true);
  }, 60_000);

  it('the cache survives dump() → load() (what the CLI persists)', async () => {
    const cache = new MemoryLayerCache();
    const deps = testDeps({ cache });
    await build({ dockerfile: LIGHT, context }, deps);
    const reloaded = MemoryLayerCache.load(cache.dump());
    const c = capture();
    const r = await build({ dockerfile: LIGHT, context }, testDeps({ cache: reloaded, cacheMounts: new MemoryCacheMountStore() }), { onEvent: c.onEvent });
    expect(Object.values(outcomes(c.events)).every((o) => o === 'CACHED')).toBe(true);
    expect(r.filesystems[0]!.stat('/client.txt')?.type).toBe('file');
  }, 60_000);

  it('a changed ENV value invalidates the RUN steps after it', async () => {
    const deps = testDeps();
    const df = `FROM alpine:3.21\nENV A=1\nRUN echo $A > /a\n`;
    await build({ dockerfile: df, context: [] }, deps);
    const c = capture();
    const r = await build({ dockerfile: df.replace('A=1', 'A=2'), context: [] }, deps, { onEvent: c.onEvent });
    const done = c.events.find((e): e is Extract<BuildEvent, { kind: 'vertex-done' }> => e.kind === 'vertex-done' && c.events.some((s) => s.kind === 'vertex-start' && s.vertex === e.vertex && s.name.includes('RUN')));
    expect(done?.cached).toBeUndefined();
    expect(new TextDecoder().decode(r.filesystems[0]!.readFile('/a'))).toBe('2\n');
  }, 60_000);
});
