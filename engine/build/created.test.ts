/**
 * Image `created` and history times as BuildKit sets them: a layer's history entry carries
 * the time its cache record was made, metadata entries the nearest layer time, the image's
 * `created` the last history time; so a fully cached rebuild keeps the image ID.
 */
import { describe, expect, it } from 'vitest';
import type { ContextFile } from '../context/index.ts';
import { build } from './build.ts';
import { readContext, testDeps } from './testing/project.ts';

const DF = `FROM golang:1.20-alpine AS base
ENV CGO_ENABLED=0
WORKDIR /src
COPY go.mod go.sum .
RUN wc -c go.mod > /mod.txt
COPY . .
RUN wc -c cmd/client/main.go > /client.txt
LABEL version=1
CMD ["cat", "/client.txt"]
`;

const T1 = Date.parse('2026-03-01T10:00:00Z');
const T2 = Date.parse('2026-03-01T10:05:00Z');
const T3 = Date.parse('2026-03-01T10:09:00Z');

function edit(files: readonly ContextFile[], path: string, suffix: string): ContextFile[] {
  return files.map((f) => (f.path === path ? { ...f, content: new TextEncoder().encode(new TextDecoder().decode(f.content) + suffix) } : f));
}

describe('image created times', () => {
  const context = readContext();

  it('a fully cached rebuild at a later time gives the same config, image ID and created', async () => {
    let now = T1;
    const deps = testDeps({ now: () => now });
    const first = (await build({ dockerfile: DF, context, tags: ['x'] }, deps)).images[0]!;
    now = T2;
    const again = (await build({ dockerfile: DF, context, tags: ['x'] }, deps)).images[0]!;
    expect(await again.configName()).toBe(await first.configName());
    const cfg = await again.configFile();
    expect(cfg.created).toBe('2026-03-01T10:00:00Z');
    // the frontend's entries: the ENV before the first new layer takes that layer's time,
    // LABEL and CMD after the last layer take its time; the base image's entries keep theirs
    const ours = cfg.history!.slice(-8);
    expect(ours.map((h) => [h.created_by, h.created])).toEqual([
      ['ENV CGO_ENABLED=0', '2026-03-01T10:00:00Z'],
      ['WORKDIR /src', '2026-03-01T10:00:00Z'],
      ['COPY go.mod go.sum . # buildkit', '2026-03-01T10:00:00Z'],
      ['RUN /bin/sh -c wc -c go.mod > /mod.txt # buildkit', '2026-03-01T10:00:00Z'],
      ['COPY . . # buildkit', '2026-03-01T10:00:00Z'],
      ['RUN /bin/sh -c wc -c cmd/client/main.go > /client.txt # buildkit', '2026-03-01T10:00:00Z'],
      ['LABEL version=1', '2026-03-01T10:00:00Z'],
      ['CMD ["cat" "/client.txt"]', '2026-03-01T10:00:00Z'],
    ]);
    const base = cfg.history!.slice(0, -8);
    expect(base.length).toBeGreaterThan(0);
    expect(base.every((h) => h.created !== undefined && h.created < '2026-01-01')).toBe(true);
  }, 60_000);

  it('a rebuild after an edit: re-run layers get the new time, cached ones keep theirs; created is the newest', async () => {
    let now = T1;
    const deps = testDeps({ now: () => now });
    const first = (await build({ dockerfile: DF, context }, deps)).images[0]!;
    now = T3;
    const edited = (await build({ dockerfile: DF, context: edit(context, 'cmd/client/main.go', '\n// edited\n') }, deps)).images[0]!;
    expect(await edited.configName()).not.toBe(await first.configName());
    const cfg = await edited.configFile();
    expect(cfg.created).toBe('2026-03-01T10:09:00Z');
    const times = Object.fromEntries(cfg.history!.slice(-8).map((h) => [h.created_by!.split(' ').slice(0, 2).join(' '), h.created]));
    expect(times['RUN /bin/sh']).toBe('2026-03-01T10:09:00Z'); // the last RUN (the first one is cached: same key)
    expect(times['COPY go.mod']).toBe('2026-03-01T10:00:00Z');
    expect(times['COPY .']).toBe('2026-03-01T10:09:00Z');
    expect(times['LABEL version=1']).toBe('2026-03-01T10:09:00Z');
  }, 60_000);

  it('with SOURCE_DATE_EPOCH every entry and created is the epoch, whatever the cache records say', async () => {
    let now = T1;
    const deps = testDeps({ now: () => now });
    await build({ dockerfile: DF, context }, deps);
    now = T2;
    const img = (await build({ dockerfile: DF, context, buildArgs: { SOURCE_DATE_EPOCH: '1700000000' } }, deps)).images[0]!;
    const cfg = await img.configFile();
    expect(cfg.created).toBe('2023-11-14T22:13:20Z');
    expect(cfg.history!.slice(-8).every((h) => h.created === '2023-11-14T22:13:20Z')).toBe(true);
  }, 60_000);

  it('FROM scratch with only metadata: the build time', async () => {
    const img = (await build({ dockerfile: 'FROM scratch\nCMD ["/app"]\n', context: [] }, testDeps({ now: () => T2 }))).images[0]!;
    const cfg = await img.configFile();
    expect(cfg.created).toBe('2026-03-01T10:05:00Z');
    expect(cfg.history).toEqual([{ created: '2026-03-01T10:05:00Z', created_by: 'CMD ["/app"]', comment: 'buildkit.dockerfile.v0', empty_layer: true }]);
  });
});
