import { describe, expect, it } from 'vitest';
import { projectFiles } from './fixtures.test-util.ts';
import { NODE_H, stageGraph } from './stage-graph.ts';

const DOCKERFILE = projectFiles().get('Dockerfile')!;

describe('stageGraph', () => {
  it('lays out the project: base on top, the two builders below it, the scratch images last', () => {
    const g = stageGraph(DOCKERFILE, 'client');
    expect(g.error).toBeUndefined();
    expect(g.nodes.map((n) => [n.label, n.from])).toEqual([
      ['base', 'golang:1.20-alpine'], ['build-client', 'stage base'], ['build-server', 'stage base'], ['client', 'scratch'], ['server', 'scratch'],
    ]);
    const y = Object.fromEntries(g.nodes.map((n) => [n.label, n.y]));
    expect(y['build-client']).toBe(y['build-server']);
    expect(y['build-client']!).toBeGreaterThan(y.base! + NODE_H);
    expect(y.client).toBe(y.server);
    expect(y.client!).toBeGreaterThan(y['build-client']!);
    const xs = g.nodes.map((n) => n.x);
    expect(Math.max(...xs) + 136).toBeLessThanOrEqual(g.width);
  });

  it('marks the target and greys what --target prunes', () => {
    const g = stageGraph(DOCKERFILE, 'client');
    expect(g.nodes.filter((n) => n.target).map((n) => n.label)).toEqual(['client']);
    expect(g.nodes.filter((n) => n.pruned).map((n) => n.label)).toEqual(['build-server', 'server']);
    const all = stageGraph(DOCKERFILE);
    expect(all.nodes.filter((n) => n.target).map((n) => n.label)).toEqual(['server']);
    expect(all.nodes.filter((n) => n.pruned).map((n) => n.label)).toEqual(['build-client', 'client']);
  });

  it('has FROM-stage and COPY --from edges with their instructions, one per kind and pair', () => {
    const g = stageGraph(DOCKERFILE, 'client');
    expect(g.links.map((l) => `${l.from}->${l.to} ${l.kind}`)).toEqual(['0->1 base', '0->2 base', '1->3 copy', '2->4 copy']);
    expect(g.links[2]!.via).toBe('COPY --from=build-client /bin/client /bin/');
  });

  it('draws RUN --mount from= edges and unnamed stages as stage-N', () => {
    const g = stageGraph('FROM alpine\nRUN echo\n\nFROM alpine\nRUN --mount=from=0,target=/m ls /m\nCOPY --from=0 / /x\n');
    expect(g.nodes.map((n) => n.label)).toEqual(['stage-0', 'stage-1']);
    expect(g.links.map((l) => l.kind)).toEqual(['mount', 'copy']);
  });

  it('gives a single unnamed stage the empty label its steps use', () => {
    expect(stageGraph('FROM scratch\nCOPY a /\n').nodes.map((n) => n.label)).toEqual(['']);
  });

  it('returns the front end error for a Dockerfile that does not load', () => {
    expect(stageGraph(DOCKERFILE, 'nope').error).toBe('target stage "nope" could not be found');
    expect(stageGraph('').error).toBe('the Dockerfile cannot be empty');
  });
});
