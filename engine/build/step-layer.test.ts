import { describe, expect, it } from 'vitest';
import type { TreeEntry } from '../fs/index.ts';
import { nodeDeps } from '../platform/node.ts';
import { stepLayer } from './image.ts';

const entries = (): TreeEntry[] => [
  { path: '/app', type: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: 5 },
  { path: '/app/hello', type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: 5, content: new TextEncoder().encode('hi') },
];

describe('stepLayer', () => {
  it('gives the same layer for equal entries that arrive as new objects with the same step id (a stage worker\'s state)', () => {
    const a = stepLayer(entries(), nodeDeps, undefined, 'sha256:key 2026-01-01T00:00:00Z');
    expect(stepLayer(entries(), nodeDeps, undefined, 'sha256:key 2026-01-01T00:00:00Z')).toBe(a);
    expect(stepLayer(entries(), nodeDeps, undefined, 'sha256:key 2026-01-02T00:00:00Z')).not.toBe(a);
    expect(stepLayer(entries(), nodeDeps, 1_700_000_000, 'sha256:key 2026-01-01T00:00:00Z')).not.toBe(a);
    expect(stepLayer(entries(), nodeDeps)).not.toBe(stepLayer(entries(), nodeDeps));
  });
});
