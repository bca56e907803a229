import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { layerFromEntries } from '../image/index.ts';
import { nodeDeps } from '../platform/node.ts';
import { webDeps } from '../platform/web.ts';
import { estimateGzipSize, estimateTarSize } from './estimate.ts';
import { layerNumbers } from './layer-numbers.ts';
import { LAYER_TABLE } from './layer-table.ts';
import { allLayerSpecs } from './repos.ts';

const small = allLayerSpecs((r) => r.familiar === 'alpine' || r.familiar === 'busybox');

describe('layer digest table', () => {
  it('has an entry for every layer of the catalog', () => {
    const missing = allLayerSpecs().map((s) => s.key).filter((k) => !LAYER_TABLE[k]);
    expect(missing).toEqual([]);
  });

  it.each(small.map((s) => [s.key, s] as const))('%s matches a fresh tar + gzip', async (key, spec) => {
    expect(await layerNumbers(spec.build(), nodeDeps)).toEqual(LAYER_TABLE[key]);
  });

  it.each(small.map((s) => [s.key, s] as const))('%s: its blob is one gzip stream that zlib reads back to the diff ID', async (key, spec) => {
    const layer = layerFromEntries(spec.build(), nodeDeps, {});
    const tar = gunzipSync(await layer.compressed());
    expect(`sha256:${createHash('sha256').update(tar).digest('hex')}`).toBe(LAYER_TABLE[key]!.diffId);
  });

  it.each(small.filter((s) => s.key.endsWith('linux/amd64')).map((s) => [s.key, s] as const))('%s: the browser platform (WebCrypto, the layer gzip on one thread) gives the same numbers', async (key, spec) => {
    expect(await layerNumbers(spec.build(), webDeps)).toEqual(LAYER_TABLE[key]);
  });

  it('the size estimates used without a table stay within 3% of the measured sizes', () => {
    for (const spec of allLayerSpecs()) {
      const t = LAYER_TABLE[spec.key];
      if (!t || t.size < 1_000_000) continue;
      const entries = spec.build();
      expect(Math.abs(estimateTarSize(entries) / t.size - 1)).toBeLessThan(0.03);
      expect(Math.abs(estimateGzipSize(entries) / t.compressedSize - 1)).toBeLessThan(0.03);
    }
  });
});
