import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build, type BuildRequest } from '#engine/build';
import { PROJECT_DIR, readContext, testDeps } from '#engine/build/testing/project';
import type { BuildEvent } from '#engine/progress';
import { EngineError } from '#engine/source';
import { MemoryLayerCache, type LayerCache } from '#engine/cache';
import { slowRequest, twoProgramsRequest } from '#engine/testing/slow-build';
import { nodeSpawner } from './node.ts';
import { poolExecutor } from './pool-executor.ts';
import { StagePool } from './pool.ts';

const LESSONS = readFileSync(join(PROJECT_DIR, 'Dockerfile'), 'utf8');
/** Both binaries in one image: build-client and build-server are independent stages. */
const BOTH = `${LESSONS}
FROM scratch AS both
COPY --from=build-client /bin/client /bin/
COPY --from=build-server /bin/server /bin/
`;
const context = readContext();
const req = (dockerfile: string, target: string): BuildRequest => ({ dockerfile, target, context, outputs: [{ type: 'docker', dest: 'out.tar' }] });
const canonical = (events: BuildEvent[]) => events.map((e) => ({ ...e, worker: undefined, realMs: undefined }));

const pools: StagePool[] = [];
function pool(size: number): StagePool {
  const p = new StagePool({ size, spawn: nodeSpawner() });
  pools.push(p);
  return p;
}
afterAll(() => pools.forEach((p) => p.dispose()));

async function run(r: BuildRequest, p?: StagePool, deps = testDeps()) {
  const events: BuildEvent[] = [];
  const res = await build(r, deps, { onEvent: (e) => void events.push(e), ...(p ? { stages: poolExecutor(p) } : {}) });
  return { events, archive: res.outputs[0]!.archive!, res };
}

describe('build() over a stage-worker pool', () => {
  const two = pool(2);
  const one = pool(1);

  it('gives the same docker archives as in-process, and the same events with 1 or 2 workers', async () => {
    for (const target of ['client', 'server']) {
      const local = await run(req(LESSONS, target));
      const p2 = await run(req(LESSONS, target), two);
      const p1 = await run(req(LESSONS, target), one);
      expect(Buffer.from(p2.archive).equals(Buffer.from(local.archive))).toBe(true);
      expect(Buffer.from(p1.archive).equals(Buffer.from(local.archive))).toBe(true);
      expect(canonical(p2.events)).toEqual(canonical(p1.events));
      expect(p2.events.some((e) => e.kind === 'vertex-start' && e.name.includes('go build') && e.worker !== undefined && e.worker > 0)).toBe(true);
    }
  }, 120_000);

  it('runs build-client and build-server on different workers; a second build is all CACHED', async () => {
    const deps = testDeps();
    const first = await run(req(BOTH, 'both'), two, deps);
    const local = await run(req(BOTH, 'both'));
    expect(Buffer.from(first.archive).equals(Buffer.from(local.archive))).toBe(true);
    const workerOf = (stage: string) => first.events.find((e): e is Extract<BuildEvent, { kind: 'vertex-start' }> => e.kind === 'vertex-start' && e.name.startsWith(`[${stage} `))?.worker;
    expect(workerOf('build-client')).toBeDefined();
    expect(workerOf('build-server')).toBeDefined();
    expect(workerOf('build-client')).not.toBe(workerOf('build-server'));
    const again = await run(req(BOTH, 'both'), two, deps);
    const steps = again.events.filter((e): e is Extract<BuildEvent, { kind: 'vertex-start' }> => e.kind === 'vertex-start' && /^\[[a-z-]+ \d+\/\d+\] (RUN|COPY|WORKDIR)/.test(e.name));
    expect(steps.length).toBeGreaterThan(4);
    for (const s of steps) expect(again.events.some((e) => e.kind === 'vertex-done' && e.vertex === s.vertex && e.cached)).toBe(true);
    expect(Buffer.from(again.archive).equals(Buffer.from(first.archive))).toBe(true);
  }, 120_000);

  it('a stage asks the coordinator for its steps\' records by key: a big cache is never sent whole', async () => {
    /** A `MemoryLayerCache` full of records no step of this build has, recording every key read. */
    const bigCache = () => {
      const cache = new MemoryLayerCache();
      for (let i = 0; i < 5_000; i++) {
        const content = new TextEncoder().encode(`unrelated layer ${i}\n`);
        cache.put(`sha256:${i.toString(16).padStart(64, '0')}`, { entries: [{ path: '/u', type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: 0, content }], modeledMs: 1 });
      }
      const read: string[] = [];
      const counted: LayerCache = { get: (k) => (read.push(k), cache.get(k)), put: (k, r) => cache.put(k, r), clear: () => cache.clear() };
      return { counted, read };
    };
    const local = bigCache();
    const pooled = bigCache();
    const a = await run(req(BOTH, 'both'), undefined, testDeps({ cache: local.counted }));
    const b = await run(req(BOTH, 'both'), two, testDeps({ cache: pooled.counted }));
    expect(Buffer.from(b.archive).equals(Buffer.from(a.archive))).toBe(true);
    // the workers read exactly the keys this thread reads when it runs the stages itself
    expect(local.read.length).toBeGreaterThan(8);
    expect([...pooled.read].sort()).toEqual([...local.read].sort());
    // and a hit on a worker is answered from this thread's cache
    const again = await run(req(BOTH, 'both'), two, testDeps({ cache: pooled.counted }));
    const goBuild = again.events.find((e): e is Extract<BuildEvent, { kind: 'vertex-start' }> => e.kind === 'vertex-start' && e.name.includes('go build -o /bin/server'))!;
    expect(goBuild.worker).toBeGreaterThan(0);
    expect(again.events.some((e) => e.kind === 'vertex-done' && e.vertex === goBuild.vertex && e.cached)).toBe(true);
  }, 120_000);

  it('a rebuild after an edit builds with the edited file on workers that kept the last context', async () => {
    const p = pool(2);
    const deps = testDeps();
    // Each build's context is made anew, as the page sends it: new arrays for unchanged files too.
    const fresh = () => context.map((f) => (f.content ? { ...f, content: f.content.slice() } : f));
    const first = await run({ ...req(BOTH, 'both'), context: fresh() }, p, deps);
    const edited = fresh().map((f) => (f.path === 'cmd/client/main.go' && f.content
      ? { ...f, content: new TextEncoder().encode(new TextDecoder().decode(f.content).replace('Client ready.', 'Client edited.')) }
      : f));
    expect(edited).not.toEqual(context);
    const second = await run({ ...req(BOTH, 'both'), context: edited }, p, deps);
    const local = await run({ ...req(BOTH, 'both'), context: edited });
    expect(Buffer.from(second.archive).equals(Buffer.from(local.archive))).toBe(true);
    expect(Buffer.from(second.archive).equals(Buffer.from(first.archive))).toBe(false);
    const copy = second.events.find((e): e is Extract<BuildEvent, { kind: 'vertex-start' }> => e.kind === 'vertex-start' && /^\[base \d\/\d\] COPY \. \./.test(e.name));
    expect(copy?.worker).toBeGreaterThan(0);
    expect(second.events.some((e) => e.kind === 'vertex-done' && e.vertex === copy!.vertex && !e.cached)).toBe(true);
  }, 120_000);

  it('stamps a replayed step with the real time it ran, not the later time the canonical merge released it', async () => {
    const events: BuildEvent[] = [];
    await build({ ...twoProgramsRequest(80_000), outputs: [{ type: 'cacheonly' }] }, testDeps(), { stages: poolExecutor(two), onEvent: (e) => void events.push(e) });
    const goBuild = (stage: string) => {
      const at = (e: BuildEvent) => events.indexOf(e);
      const start = events.find((e): e is Extract<BuildEvent, { kind: 'vertex-start' }> => e.kind === 'vertex-start' && e.name === `[${stage} 4/4] RUN go build -o /out/${stage} .`)!;
      const done = events.find((e): e is Extract<BuildEvent, { kind: 'vertex-done' }> => e.kind === 'vertex-done' && e.vertex === start.vertex)!;
      return { start: start.realMs!, done: done.realMs!, worker: start.worker, startAt: at(start), doneAt: at(done) };
    };
    const a = goBuild('a');
    const b = goBuild('b');
    expect(a.worker).not.toBe(b.worker);
    // Both start at the same modeled time and a ranks first: the merge releases b's start only
    // once a's step has ended (then before a's end, in modeled order). The real clock still
    // shows the two go builds overlapping, as they ran.
    expect(b.startAt).toBeLessThan(a.doneAt);
    expect(b.start).toBeLessThan(a.done);
    expect(a.start).toBeLessThan(b.done);
  }, 120_000);

  it('a failing stage fails the build on its step while the sibling succeeds, as in-process', async () => {
    const bad = BOTH.replace('RUN go build -o /bin/server ./cmd/server', 'RUN go build -o /bin/server ./cmd/server && exit 3');
    const local = await run(req(bad, 'both')).catch((e: unknown) => e);
    const pooled = await run(req(bad, 'both'), two).catch((e: unknown) => e);
    expect(local).toBeInstanceOf(EngineError);
    expect(pooled).toBeInstanceOf(EngineError);
    expect((pooled as EngineError).message).toBe((local as EngineError).message);
    expect((pooled as EngineError).message).toContain('exit code: 3');
    expect((pooled as EngineError).ranges).toEqual((local as EngineError).ranges);
  }, 120_000);

  it('a killed worker fails only its build, naming stage and step; the next build works', async () => {
    const p = pool(2);
    const events: BuildEvent[] = [];
    let killed = false;
    // A go build that runs for seconds: the guide's project builds too fast to kill mid-step reliably.
    const failing = build(slowRequest(), testDeps(), {
      stages: poolExecutor(p),
      onEvent: (e) => {
        events.push(e);
        if (!killed && e.kind === 'vertex-start' && e.name.includes('RUN go build') && e.worker) {
          killed = true;
          p.kill(e.worker);
        }
      },
    });
    const err = await failing.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).code).toBe('WORKER_LOST');
    expect((err as EngineError).message).toMatch(/stopped while running \[4\/5\] RUN go build -o \/out\/slow \./);
    const ok = await run(req(LESSONS, 'client'), p);
    expect(ok.archive.byteLength).toBeGreaterThan(1000);
  }, 120_000);

  it('cancel mid-build reports CANCELED', async () => {
    const ac = new AbortController();
    const events: BuildEvent[] = [];
    const pending = build(slowRequest(), testDeps(), {
      stages: poolExecutor(two),
      signal: ac.signal,
      onEvent: (e) => {
        events.push(e);
        if (e.kind === 'vertex-start' && e.name.includes('RUN go build')) ac.abort();
      },
    });
    const err = await pending.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).code).toBe('canceled');
    expect(events.some((e) => e.kind === 'vertex-done' && e.canceled)).toBe(true);
    const ok = await run(req(LESSONS, 'server'), two);
    expect(ok.archive.byteLength).toBeGreaterThan(1000);
  }, 120_000);
});
