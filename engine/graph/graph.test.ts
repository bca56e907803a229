import { describe, expect, it } from 'vitest';
import { loadDockerfile } from '../frontend/index.ts';
import type { EngineError } from '../source/errors.ts';
import { GraphError } from '../source/errors.ts';

function fail(text: string, opts: Parameters<typeof loadDockerfile>[1] = {}): EngineError {
  try {
    loadDockerfile(text, opts);
  } catch (e) {
    return e as EngineError;
  }
  throw new Error('expected an error');
}
const lines = (e: EngineError): number[] => e.ranges.map((r) => r.start.line);

describe('stage graph', () => {
  it('resolves bases, --from by name (case-insensitive), by index, and images', () => {
    const fe = loadDockerfile(
      'FROM golang:1.22 AS Base\nRUN x\nFROM base AS b2\nCOPY --from=BASE /a /a\nCOPY --from=0 /b /b\nCOPY --from=alpine:3 /c /c\nRUN --mount=from=base,target=/m true\n',
    );
    const g = fe.graph;
    expect(g.bases).toEqual([{ kind: 'image', ref: 'golang:1.22' }, { kind: 'stage', index: 0 }]);
    expect(g.edges.map((e) => [e.from, e.to, e.kind, e.via.kind])).toEqual([
      ['golang:1.22', 0, 'base', 'FROM'],
      [0, 1, 'base', 'FROM'],
      [0, 1, 'copy', 'COPY'],
      [0, 1, 'copy', 'COPY'],
      ['alpine:3', 1, 'copy', 'COPY'],
      [0, 1, 'mount', 'RUN'],
    ]);
  });

  it('FROM does not lower-case the base name (moby/buildkit#2003)', () => {
    const e = fail('FROM alpine AS Builder\nFROM Builder\n');
    expect(e.message).toBe('failed to parse stage name "Builder": invalid reference format: repository name (library/Builder) must be lowercase');
    expect(e.code).toBe('invalid-reference');
    expect(lines(e)).toEqual([2]);
  });

  it('FROM x AS x and FROM later refer to images', () => {
    const fe = loadDockerfile('FROM later AS a\nFROM a AS later\nFROM b AS b\n');
    expect(fe.graph.bases).toEqual([{ kind: 'image', ref: 'later' }, { kind: 'stage', index: 0 }, { kind: 'image', ref: 'b' }]);
  });

  it('invalid stage index', () => {
    const e = fail('FROM a\nFROM b\nCOPY --from=2 /x /y\n');
    expect(e).toBeInstanceOf(GraphError);
    expect(e.message).toBe('invalid stage index 2');
    expect(lines(e)).toEqual([3]);
  });

  it('rejects variables in COPY --from', () => {
    const e = fail('FROM a\nARG S=x\nCOPY --from=$S /x /y\n');
    expect(e.message).toBe(
      'variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround',
    );
    expect(lines(e)).toEqual([3]);
    expect(fail('FROM a\nRUN --mount=from=${S},target=/x true\n').message).toBe(
      "dockerfile parse error on line 2: 'from' doesn't support variable expansion, define alias stage instead",
    );
  });

  it('forward references fail for stages that are built', () => {
    const text = 'FROM alpine AS a\nCOPY --from=b /x /y\nFROM alpine AS b\nRUN x\n';
    const e = fail(text, { target: 'a' });
    expect(e.message).toBe('cannot copy from stage "b", it needs to be defined before current stage "a"');
    expect(e.code).toBe('forward-reference');
    expect(lines(e)).toEqual([2]);
    // stage a is not built for target b: no error (BuildKit checks at dispatch)
    expect(loadDockerfile(text, { target: 'b' }).reachable.map((s) => s.name)).toEqual(['b']);
    const m = fail('FROM alpine AS a\nRUN --mount=type=bind,from=b,target=/src ls\nFROM alpine AS b\n', { target: 'a' });
    expect(m.message).toBe('cannot mount from stage "b" to "/src", stage needs to be defined before current command');
  });

  it('cycles point at every edge of the path', () => {
    const self = fail('FROM busybox AS stage0\nCOPY --from=stage0 /a /b\n');
    expect(self.message).toBe('circular dependency detected on stage: stage0');
    expect(self.code).toBe('circular-dependency');
    expect(lines(self)).toEqual([2]);
    const e = fail('FROM alpine AS a\nCOPY --from=c /x /x\nFROM alpine AS b\nCOPY --from=a /x /x\nFROM alpine AS c\nRUN --mount=from=b,target=/m true\n');
    expect(e.message).toBe('circular dependency detected on stage: a');
    expect(lines(e)).toEqual([2, 6, 4]);
  });

  it('target: default last stage, case-insensitive, suggestion', () => {
    const text = 'FROM alpine AS build\nFROM scratch AS client\nCOPY --from=build /a /a\nFROM scratch AS server\n';
    expect(loadDockerfile(text).target.name).toBe('server');
    expect(loadDockerfile(text, { target: 'CLIENT' }).target.name).toBe('client');
    const e = fail(text, { target: 'clinet' });
    expect(e.message).toBe('target stage "clinet" could not be found (did you mean client?)');
    expect(e.code).toBe('target-not-found');
    expect(fail(text, { target: 'nothing' }).message).toBe('target stage "nothing" could not be found');
  });

  it('duplicate names: --from and --target use the last definition, FROM the latest before it', () => {
    const fe = loadDockerfile('FROM a AS x\nFROM b AS x\nFROM x AS y\nFROM c\nCOPY --from=x /a /a\n');
    expect(fe.graph.bases[2]).toEqual({ kind: 'stage', index: 1 });
    expect(fe.graph.edges.find((e) => e.kind === 'copy')!.from).toBe(1);
    expect(loadDockerfile('FROM a AS x\nFROM b AS x\nFROM c\n', { target: 'x' }).target.index).toBe(1);
  });

  it('reachability and topological order', () => {
    const fe = loadDockerfile(
      'FROM a AS base\nFROM base AS one\nFROM base AS two\nFROM scratch AS out\nCOPY --from=two /x /x\nCOPY --from=one /y /y\nFROM scratch AS other\n',
      { target: 'out' },
    );
    expect(fe.reachable.map((s) => s.name)).toEqual(['base', 'one', 'two', 'out']);
    expect(fe.order).toEqual([0, 1, 2, 3]);
  });

  it('ONBUILD COPY --from in a base stage adds an onbuild edge to children', () => {
    const fe = loadDockerfile('FROM a AS assets\nFROM b AS base\nONBUILD COPY --from=assets /a /a\nFROM base AS app\n');
    expect(fe.graph.edges.filter((e) => e.kind === 'onbuild').map((e) => [e.from, e.to])).toEqual([[0, 2]]);
    expect(fe.reachable.map((s) => s.index)).toEqual([0, 1, 2]);
  });

  it('unreachable stages are still validated', () => {
    expect(fail('FROM a AS x\nCOPY --from=9 /a /b\nFROM b\n').message).toBe('invalid stage index 9');
    expect(fail('FROM A:1 AS x\nFROM b\n').message).toMatch(/^failed to parse stage name "A:1": invalid reference format/);
  });
});
