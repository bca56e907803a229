import { describe, expect, it } from 'vitest';
import { buildEvents, projectFiles, step } from './fixtures.test-util.ts';
import { clipCause, stageStates } from './stage-states.ts';
import { MemoryLayerCache } from '#engine/build';

describe('stageStates', () => {
  it('tells running from done by the n/total counter', () => {
    const ev = [...step(1, '[base 1/2] FROM docker.io/library/alpine', 0, 10, { stage: 'base' }), ...step(2, '[base 2/2] RUN x', 10, undefined, { stage: 'base' })];
    expect(stageStates(ev, 'running').get('base')).toEqual({ state: 'running', done: 1, total: 2 });
    // between two steps: the first is done, the second not yet started
    expect(stageStates(ev.slice(0, 2), 'running').get('base')).toEqual({ state: 'running', done: 1, total: 2 });
    const done = [...ev, { kind: 'vertex-done' as const, vertex: 2, t: 50 }];
    expect(stageStates(done, 'done').get('base')).toEqual({ state: 'done', done: 2, total: 2 });
  });

  it('marks failed and canceled stages, and unfinished stages canceled once the build ended', () => {
    const ev = [
      ...step(1, '[a 1/1] RUN false', 0, 5, { stage: 'a', error: 'exit code: 1' }),
      ...step(2, '[b 1/2] RUN sleep 1', 0, 5, { stage: 'b', canceled: true }),
      ...step(3, '[c 1/2] RUN true', 0, 5, { stage: 'c' }),
    ];
    const s = stageStates(ev, 'failed');
    expect([s.get('a')!.state, s.get('b')!.state, s.get('c')!.state]).toEqual(['failed', 'canceled', 'canceled']);
  });

  it('counts a single unnamed stage under the empty label', () => {
    const s = stageStates([...step(1, '[1/2] FROM docker.io/library/alpine', 0, 1), ...step(2, '[internal] load .dockerignore', 0, 1)], 'running');
    expect([...s.keys()]).toEqual(['']);
    const multi = stageStates([...step(1, '[linux/arm64 1/1] RUN x', 0, 1), ...step(2, '[linux/amd64 1/1] RUN x', 0, undefined), ...step(3, '[linux/amd64 internal] load metadata for x', 0, 1)], 'running');
    expect([...multi]).toEqual([['', { state: 'running', done: 1, total: 2 }]]);
  });

  it('folds the platforms of a multi-platform build into one state per stage', () => {
    const ev = [...step(1, '[linux/amd64 base 1/1] RUN x', 0, 5, { stage: 'base' }), ...step(2, '[linux/arm64 base 1/1] RUN x', 0, undefined, { stage: 'base' })];
    expect(stageStates(ev, 'running').get('base')).toEqual({ state: 'running', done: 1, total: 2 });
    expect(stageStates([...ev, { kind: 'vertex-done', vertex: 2, t: 9 }], 'done').get('base')!.state).toBe('done');
  });

  it('follows a real build of the project, and a rebuild where every stage is cached', async () => {
    const dockerfile = projectFiles().get('Dockerfile')!;
    const cache = new MemoryLayerCache();
    const first = stageStates(await buildEvents(dockerfile, 'client', cache), 'done');
    expect(Object.fromEntries([...first].map(([k, v]) => [k, v.state]))).toEqual({ base: 'done', 'build-client': 'done', client: 'done' });
    expect(first.get('base')).toMatchObject({ done: 5, total: 5 });
    const again = stageStates(await buildEvents(dockerfile, 'client', cache), 'done');
    expect(Object.fromEntries([...again].map(([k, v]) => [k, v.state]))).toEqual({ base: 'cached', 'build-client': 'cached', client: 'cached' });
  });

  it("says why each stage ran or was cached, from its steps' causes", () => {
    const done = (vertex: number, cause: import('#engine/progress').CacheCause, cached = false) => ({ kind: 'vertex-done' as const, vertex, t: 1, cause, ...(cached ? { cached } : {}) });
    const start = (vertex: number, name: string, stage: string) => ({ kind: 'vertex-start' as const, vertex, name, t: 0, stage });
    const ev = [
      start(1, '[base 1/3] FROM docker.io/library/golang:1.20-alpine', 'base'), done(1, { kind: 'cached' }, true),
      start(2, '[base 2/3] COPY . .', 'base'), done(2, { kind: 'files-changed', paths: ['cmd/client/main.go', 'go.mod'], more: 1 }),
      start(3, '[base 3/3] RUN go mod download', 'base'), done(3, { kind: 'parent-ran', vertex: 2, name: '[base 2/3] COPY . .' }),
      start(4, '[build-client 1/1] RUN go build', 'build-client'), done(4, { kind: 'parent-ran', vertex: 3, name: '[base 3/3] RUN go mod download' }),
      start(5, '[lint 1/1] RUN lint', 'lint'), done(5, { kind: 'cached' }, true),
      start(6, '[fresh 1/1] RUN x', 'fresh'), done(6, { kind: 'first-build' }),
    ];
    const s = stageStates(ev, 'done');
    expect(s.get('base')!.cause).toEqual({ group: 'changed', text: 'files changed: cmd/client/main.go +2' });
    expect(s.get('build-client')!.cause).toEqual({ group: 'parent-ran', text: 'after base ran' });
    expect(s.get('lint')!.cause).toEqual({ group: 'cached', text: 'cached' });
    expect(s.get('fresh')!.cause).toEqual({ group: 'first-build', text: 'first build' });
    // events without causes (an engine that gives none): no cause
    expect(stageStates(step(7, '[a 1/1] RUN x', 0, 1, { stage: 'a' }), 'done').get('a')!.cause).toBeUndefined();
  });

  it('names the cause of each stage of a real rebuild after a source edit', async () => {
    const dockerfile = projectFiles().get('Dockerfile')!;
    const cache = new MemoryLayerCache();
    const first = stageStates(await buildEvents(dockerfile, 'client', cache), 'done');
    expect(first.get('base')!.cause).toEqual({ group: 'first-build', text: 'first build' });
    const edited = new Map(projectFiles());
    edited.set('cmd/client/main.go', edited.get('cmd/client/main.go')!.replace('package main', 'package main // edited'));
    const again = stageStates(await buildEvents(dockerfile, 'client', cache, edited), 'done');
    expect(again.get('base')!.cause).toEqual({ group: 'changed', text: 'files changed: cmd/client/main.go' });
    expect(again.get('build-client')!.cause!.group).toBe('parent-ran');
  });

  it("fits a cause's words in a box: paths keep their end", () => {
    expect(clipCause('files changed: go.mod')).toBe('files changed: go.mod');
    expect(clipCause('files changed: go.mod +2')).toBe('changed: go.mod +2');
    expect(clipCause('files changed: cmd/client/main.go')).toBe('changed: …/main.go');
    expect(clipCause('files changed: build-server:/bin/server')).toBe('changed: …/bin/server');
    expect(clipCause('build arg GO_VERSION changed')).toBe('build arg GO_VERSION …');
  });
});
