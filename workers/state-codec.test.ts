import { describe, expect, it } from 'vitest';
import { resolveImage } from '../engine/catalog/index.ts';
import { imageState } from '../engine/exec/base.ts';
import type { StageState } from '../engine/exec/index.ts';
import { applyLayer } from '../engine/fs/index.ts';
import type { TreeEntry } from '../engine/fs/index.ts';
import { decodeState, encodeState } from './state-codec.ts';

const enc = (s: string) => new TextEncoder().encode(s);

describe('encodeState / decodeState', () => {
  it('round-trips an executor state: tree delta over the catalog base, step layers, config, cache key', () => {
    const base = imageState(resolveImage('alpine:3.18', 'linux/amd64'));
    const step: TreeEntry[] = [
      { path: '/app', type: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: 5 },
      { path: '/app/hello', type: 'file', mode: 0o755, uid: 0, gid: 0, mtime: 5, content: enc('hi') },
      { path: '/etc/.wh.issue', type: 'file', mode: 0, uid: 0, gid: 0, mtime: 0, content: new Uint8Array(0) },
    ];
    const state: StageState = { ...base, snapshot: applyLayer(base.snapshot, step), layers: [...base.layers, { kind: 'step', entries: step }], cacheKey: 'sha256:k' };
    expect(base.snapshot.exists('/etc/issue')).toBe(true);
    const { wire, transfer } = encodeState(state);
    const bytes = transfer.reduce((n, b) => n + b.byteLength, 0);
    expect(bytes).toBeLessThan(4096); // the base image's files are not sent
    const back = decodeState(structuredClone(wire, { transfer }));
    expect(back.snapshot.entries()).toEqual(state.snapshot.entries()); // lazy contents: the same objects on this thread
    expect(back.snapshot.exists('/etc/issue')).toBe(false);
    expect(back.layers.slice(0, -1)).toEqual(base.layers);
    const last = back.layers.at(-1)!;
    expect(last.kind === 'step' && last.entries.map((e) => e.path)).toEqual(step.map((e) => e.path));
    expect(back.config).toEqual(state.config);
    expect(back.cacheKey).toBe('sha256:k');
  });
});
