import { describe, expect, it } from 'vitest';
import { loadDockerfile } from '../dockerfile/index.ts';
import { criticalPath, schedule } from './index.ts';

import { PARALLEL as GUIDE_3B } from '../../lessons/dockerfiles.ts';

describe('stage scheduler', () => {
  const fe = loadDockerfile(GUIDE_3B);
  const stages = fe.order;

  it('starts with the only stage that has no dependencies', () => {
    expect(schedule({ graph: fe.graph, stages, done: new Set(), running: new Set(), freeWorkers: 4 })).toEqual([0]);
  });

  it('runs build-client and build-server together once base is done', () => {
    expect(schedule({ graph: fe.graph, stages, done: new Set([0]), running: new Set(), freeWorkers: 2 })).toEqual([1, 2]);
    expect(schedule({ graph: fe.graph, stages, done: new Set([0]), running: new Set([1]), freeWorkers: 1 })).toEqual([2]);
  });

  it('prefers the longer critical path when workers are scarce', () => {
    const cost = new Map([[0, 1], [1, 1], [2, 10], [3, 1]]);
    expect(schedule({ graph: fe.graph, stages, done: new Set([0]), running: new Set(), freeWorkers: 1, cost })).toEqual([2]);
    expect(criticalPath(fe.graph, stages, cost).get(0)).toBe(12);
  });

  it('waits for every dependency of the final stage, then finishes', () => {
    expect(schedule({ graph: fe.graph, stages, done: new Set([0, 1]), running: new Set([2]), freeWorkers: 3 })).toEqual([]);
    expect(schedule({ graph: fe.graph, stages, done: new Set([0, 1, 2]), running: new Set(), freeWorkers: 3 })).toEqual([3]);
    expect(schedule({ graph: fe.graph, stages, done: new Set([0, 1, 2, 3]), running: new Set(), freeWorkers: 3 })).toEqual([]);
    expect(schedule({ graph: fe.graph, stages, done: new Set(), running: new Set(), freeWorkers: 0 })).toEqual([]);
  });

  it('only schedules the stages of the target (pruned by --target)', () => {
    const client = loadDockerfile(GUIDE_3B.replace('FROM scratch\n', 'FROM scratch AS client\n'), { target: 'build-client' });
    expect(client.order).toEqual([0, 1]);
    expect(schedule({ graph: client.graph, stages: client.order, done: new Set([0]), running: new Set(), freeWorkers: 4 })).toEqual([1]);
  });
});
