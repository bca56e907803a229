import { describe, expect, it } from 'vitest';
import { loadDockerfile } from '../frontend/index.ts';
import { criticalPath } from './index.ts';

import { PARALLEL as GUIDE_3B } from '../../lessons/dockerfiles.ts';

describe('criticalPath', () => {
  const fe = loadDockerfile(GUIDE_3B);
  const stages = fe.order;

  it("is a stage's cost plus the longest chain of stages waiting for it", () => {
    const cost = new Map([[0, 1], [1, 1], [2, 10], [3, 1]]);
    const level = criticalPath(fe.graph, stages, cost);
    // base → build-server (10) → the final stage: 1 + 10 + 1
    expect(level.get(0)).toBe(12);
    expect(level.get(1)).toBe(2);
    expect(level.get(2)).toBe(11);
    expect(level.get(3)).toBe(1);
  });

  it('counts a stage without a cost as 1, and only the stages given (pruned by --target)', () => {
    expect([...criticalPath(fe.graph, stages)].sort(([a], [b]) => a - b)).toEqual([[0, 3], [1, 2], [2, 2], [3, 1]]);
    const client = loadDockerfile(GUIDE_3B.replace('FROM scratch\n', 'FROM scratch AS client\n'), { target: 'build-client' });
    expect(client.order).toEqual([0, 1]);
    expect([...criticalPath(client.graph, client.order)]).toEqual([[0, 2], [1, 1]]);
  });
});
