import { describe, expect, it } from 'vitest';
import { MemoryLayerCache } from '../cache/index.ts';
import type { ContextFile } from '../context/index.ts';
import type { BuildEvent, CacheCause } from '../progress/events.ts';
import { build } from './build.ts';
import { PARENT_OLDER } from './causes.ts';
import { capture, filesOf, testDeps } from './testing/project.ts';
import type { BuildDeps, BuildRequest } from './types.ts';

/** Step name (without its `[stage i/n]` prefix) → cause, for every vertex-done with a cause; and name → vertex number. */
function causes(events: readonly BuildEvent[]): { by: Record<string, CacheCause>; vertex: Record<string, number> } {
  const names = new Map<number, string>();
  const by: Record<string, CacheCause> = {};
  const vertex: Record<string, number> = {};
  for (const e of events) {
    if (e.kind === 'vertex-start') {
      names.set(e.vertex, e.name);
      vertex[e.name.replace(/^\[[^\]]*\] /, '')] = e.vertex;
    }
    if (e.kind === 'vertex-done' && e.cause) by[names.get(e.vertex)!.replace(/^\[[^\]]*\] /, '')] = e.cause;
  }
  return { by, vertex };
}

const FILES: Record<string, string> = {
  'go.mod': 'module example.com/app\n',
  'go.sum': '',
  'cmd/server/main.go': 'package main\n\nfunc main() {}\n',
  'cmd/client/main.go': 'package main\n\nfunc main() {}\n',
  'config/app.txt': 'port=3000\n',
};

const DF = `FROM alpine:3.19 AS base
WORKDIR /src
COPY go.mod go.sum .
RUN cat go.mod > /mod.txt
COPY cmd ./cmd
RUN --mount=type=bind,source=config,target=/cfg cat /cfg/app.txt > /cfg.txt
ARG APP_VERSION=0.0.0+unknown
RUN printenv APP_VERSION > /version.txt
`;

async function twice(
  first: Partial<BuildRequest>, second: Partial<BuildRequest>, deps: BuildDeps = testDeps(),
): Promise<{ by: Record<string, CacheCause>; vertex: Record<string, number> }> {
  const req = (r: Partial<BuildRequest>): BuildRequest => ({ dockerfile: DF, context: filesOf(FILES), ...r });
  await build(req(first), deps);
  const c = capture();
  await build(req(second), deps, { onEvent: c.onEvent });
  return causes(c.events);
}

function withFile(path: string, text: string | undefined): ContextFile[] {
  const files = { ...FILES };
  if (text === undefined) delete files[path];
  else files[path] = text;
  return filesOf(files);
}

describe('why a step ran (VertexDone.cause)', () => {
  it('first build: every step is first-build; an identical rebuild: every step cached', async () => {
    const deps = testDeps();
    const c = capture();
    await build({ dockerfile: DF, context: filesOf(FILES) }, deps, { onEvent: c.onEvent });
    const first = causes(c.events).by;
    expect(Object.keys(first)).toHaveLength(6);
    for (const cause of Object.values(first)) expect(cause).toEqual({ kind: 'first-build' });
    const again = await twice({}, {}, deps);
    for (const cause of Object.values(again.by)) expect(cause).toEqual({ kind: 'cached' });
  });

  // each edit of the table names the step that runs for it and its cause; later steps ran because of it
  const table: { edit: string; first?: Partial<BuildRequest>; second: Partial<BuildRequest>; step: string; cause: CacheCause }[] = [
    {
      edit: 'a copied file', second: { context: withFile('cmd/server/main.go', 'package main\n\nfunc main() { println(1) }\n') },
      step: 'COPY cmd ./cmd', cause: { kind: 'files-changed', paths: ['cmd/server/main.go'] },
    },
    {
      edit: 'an added and a removed file', second: { context: filesOf({ ...Object.fromEntries(Object.entries(FILES).filter(([p]) => p !== 'cmd/client/main.go')), 'cmd/README.md': 'hi\n' }) },
      step: 'COPY cmd ./cmd', cause: { kind: 'files-changed', paths: ['cmd/README.md', 'cmd/client/main.go'] },
    },
    {
      edit: 'the instruction text', second: { dockerfile: DF.replace('RUN cat go.mod > /mod.txt', 'RUN cat go.mod go.sum > /mod.txt') },
      step: 'RUN cat go.mod go.sum > /mod.txt', cause: { kind: 'instruction-changed', before: 'RUN cat go.mod > /mod.txt', after: 'RUN cat go.mod go.sum > /mod.txt' },
    },
    {
      edit: 'a build arg', second: { buildArgs: { APP_VERSION: 'v0.0.1' } },
      step: 'RUN printenv APP_VERSION > /version.txt', cause: { kind: 'build-arg-changed', name: 'APP_VERSION', before: '0.0.0+unknown', after: 'v0.0.1' },
    },
    {
      edit: 'a bind mount source', second: { context: withFile('config/app.txt', 'port=8080\n') },
      step: 'RUN --mount=type=bind,source=config,target=/cfg cat /cfg/app.txt > /cfg.txt', cause: { kind: 'mount-changed', target: '/cfg', paths: ['config/app.txt'] },
    },
    { edit: '--no-cache', second: { noCache: true }, step: 'WORKDIR /src', cause: { kind: 'no-cache' } },
  ];

  for (const row of table) {
    it(`${row.edit}: ${row.step} ran because ${row.cause.kind}`, async () => {
      const { by, vertex } = await twice(row.first ?? {}, row.second);
      expect(by[row.step]).toEqual(row.cause);
      if (row.cause.kind === 'no-cache') return;
      // the steps before it stay cached, the ones after it name it
      const names = Object.keys(by);
      const at = names.indexOf(row.step);
      for (const n of names.slice(0, at)) expect(by[n], n).toEqual({ kind: 'cached' });
      for (const n of names.slice(at + 1)) {
        const c = by[n]!;
        if (c.kind === 'cached') continue;
        expect(c, n).toEqual({ kind: 'parent-ran', vertex: vertex[row.step], name: expect.stringContaining(row.step) });
      }
    });
  }

  it('a parent change: the steps after a changed one name it, not their parent', async () => {
    const { by, vertex } = await twice({}, { context: withFile('go.mod', 'module example.com/app2\n') });
    expect(by['COPY go.mod go.sum .']).toEqual({ kind: 'files-changed', paths: ['go.mod'] });
    const origin = { kind: 'parent-ran', vertex: vertex['COPY go.mod go.sum .'], name: '[base 3/7] COPY go.mod go.sum .' };
    expect(by['RUN cat go.mod > /mod.txt']).toEqual(origin);
    expect(by['COPY cmd ./cmd']).toEqual(origin);
    expect(by['RUN printenv APP_VERSION > /version.txt']).toEqual(origin);
  });

  it('a stage FROM another names the step of that stage that ran', async () => {
    const df = `FROM alpine:3.19 AS base\nCOPY . /src\n\nFROM base AS app\nRUN ls /src > /list.txt\n`;
    const deps = testDeps();
    await build({ dockerfile: df, context: filesOf(FILES) }, deps);
    const c = capture();
    await build({ dockerfile: df, context: withFile('config/app.txt', 'x\n') }, deps, { onEvent: c.onEvent });
    const { by, vertex } = causes(c.events);
    expect(by['COPY . /src']).toEqual({ kind: 'files-changed', paths: ['config/app.txt'] });
    expect(by['RUN ls /src > /list.txt']).toEqual({ kind: 'parent-ran', vertex: vertex['COPY . /src'], name: '[base 2/2] COPY . /src' });
  });

  it('the base image tag: the first step says base-changed with both references', async () => {
    const { by } = await twice({}, { dockerfile: DF.replace('alpine:3.19', 'alpine:3.20') });
    const c = by['WORKDIR /src']!;
    expect(c.kind).toBe('base-changed');
    if (c.kind !== 'base-changed') return;
    expect(c.ref).toContain('alpine:3.20');
    // each reference with the digest it resolved to (the catalog's, which changes with the layer gzip)
    expect(c.before).toMatch(/alpine:3\.19@sha256:[0-9a-f]{64}$/);
    expect(c.after).toMatch(/alpine:3\.20@sha256:[0-9a-f]{64}$/);
    expect(c.before!.split('@')[1]).not.toBe(c.after!.split('@')[1]);
  });

  it('COPY --from names the source stage\'s paths when that stage ran', async () => {
    const df = `FROM alpine:3.19 AS build\nCOPY cmd /out\n\nFROM scratch\nCOPY --from=build /out/server /srv\n`;
    const deps = testDeps();
    await build({ dockerfile: df, context: filesOf(FILES) }, deps);
    const c = capture();
    await build({ dockerfile: df, context: withFile('cmd/client/main.go', 'package main\n') }, deps, { onEvent: c.onEvent });
    const { by } = causes(c.events);
    expect(by['COPY --from=build /out/server /srv']).toEqual({ kind: 'files-changed', paths: ['build:/out/server'] });
  });

  it('records without inputs (an older cache) are never guessed at', async () => {
    const deps = testDeps();
    await build({ dockerfile: DF, context: filesOf(FILES) }, deps);
    // what an older version persisted: the same records, no inputs
    const dump = (deps.cache as MemoryLayerCache).dump();
    const old = MemoryLayerCache.load({ ...dump, records: dump.records.map(({ inputs: _i, ...r }) => r) });
    const c = capture();
    await build({ dockerfile: DF, context: withFile('cmd/server/main.go', 'package main\n') }, { ...deps, cache: old }, { onEvent: c.onEvent });
    const { by } = causes(c.events);
    expect(by['COPY go.mod go.sum .']).toEqual({ kind: 'cached' });
    expect(by['COPY cmd ./cmd']).toEqual({ kind: 'unknown', reason: "the cache has no record of this step's inputs" });
  });

  it('a parent from an older record than the step\'s last one says so', async () => {
    const deps = testDeps();
    const ctx = (v: string) => withFile('go.mod', v);
    await build({ dockerfile: DF, context: ctx('module a\n') }, deps);
    await build({ dockerfile: DF, context: ctx('module b\n') }, deps);
    // back to a: COPY go.mod is cached (first build's record), the next step finds its own record on that parent
    const c = capture();
    await build({ dockerfile: DF, context: ctx('module a\n') }, deps, { onEvent: c.onEvent });
    for (const cause of Object.values(causes(c.events).by)) expect(cause).toEqual({ kind: 'cached' });
  });

  it('a cached parent other than the one of the step\'s last record is said, not guessed at', async () => {
    const deps = testDeps();
    const df = (run: boolean) => `FROM alpine:3.19\nCOPY go.mod /m\n${run ? 'RUN cat /m > /n\n' : ''}`;
    await build({ dockerfile: df(false), context: withFile('go.mod', 'module a\n') }, deps);
    await build({ dockerfile: df(true), context: withFile('go.mod', 'module b\n') }, deps);
    const c = capture();
    await build({ dockerfile: df(true), context: withFile('go.mod', 'module a\n') }, deps, { onEvent: c.onEvent });
    const { by } = causes(c.events);
    expect(by['COPY go.mod /m']).toEqual({ kind: 'cached' });
    expect(by['RUN cat /m > /n']).toEqual({ kind: 'unknown', reason: PARENT_OLDER });
  });

  it('the inputs kept per record are bounded: paths and short digests, capped', async () => {
    const many: Record<string, string> = {};
    for (let i = 0; i < 600; i++) many[`f/${String(i).padStart(3, '0')}.txt`] = `${i}\n`;
    const deps = testDeps();
    const df = 'FROM alpine:3.19\nCOPY . /x\n';
    await build({ dockerfile: df, context: filesOf(many) }, deps);
    const rec = (deps.cache as MemoryLayerCache).list().find(([, r]) => r.inputs?.text === 'COPY . /x')![1];
    expect(rec.inputs!.files!.paths).toHaveLength(256);
    expect(rec.inputs!.files!.more).toBe(344);
    expect(rec.inputs!.files!.paths[0]).toEqual(['f/000.txt', expect.stringMatching(/^644:[0-9a-f]{16}$/)]);
    // a change past the kept paths is not named
    const c = capture();
    await build({ dockerfile: df, context: filesOf({ ...many, 'f/599.txt': 'changed\n' }) }, deps, { onEvent: c.onEvent });
    expect(causes(c.events).by['COPY . /x']).toEqual({ kind: 'unknown', reason: 'a file it copies changed, past the 256 paths the cache keeps per step' });
    // one kept: named
    const d = capture();
    await build({ dockerfile: df, context: filesOf({ ...many, 'f/001.txt': 'changed\n' }) }, deps, { onEvent: d.onEvent });
    expect(causes(d.events).by['COPY . /x']).toEqual({ kind: 'files-changed', paths: ['f/001.txt'] });
  });

  it('the inputs survive a dump and load (the persisted cache)', async () => {
    const deps = testDeps();
    await build({ dockerfile: DF, context: filesOf(FILES) }, deps);
    const loaded = MemoryLayerCache.load((deps.cache as MemoryLayerCache).dump());
    const c = capture();
    await build({ dockerfile: DF, context: withFile('cmd/server/main.go', 'package main\n') }, { ...deps, cache: loaded }, { onEvent: c.onEvent });
    expect(causes(c.events).by['COPY cmd ./cmd']).toEqual({ kind: 'files-changed', paths: ['cmd/server/main.go'] });
  });

  it('a heredoc body is part of the instruction text', async () => {
    const df = (v: string) => `FROM alpine:3.19\nRUN <<EOF\necho ${v}\nEOF\nCOPY <<EOF /x.txt\n${v}\nEOF\n`;
    const deps = testDeps();
    await build({ dockerfile: df('a'), context: filesOf({}) }, deps);
    const c = capture();
    await build({ dockerfile: df('b'), context: filesOf({}) }, deps, { onEvent: c.onEvent });
    const { by } = causes(c.events);
    expect(by['RUN <<EOF']).toEqual({ kind: 'instruction-changed', before: 'RUN <<EOF\necho a\nEOF', after: 'RUN <<EOF\necho b\nEOF' });
  });
});
