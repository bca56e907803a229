import { describe, expect, it } from 'vitest';
import { nodeDeps } from './node.ts';
import { webDeps } from './web.ts';

const text = new TextEncoder().encode('hello world\n'.repeat(1000));

describe.each([
  ['node', nodeDeps],
  ['web', webDeps],
])('%s platform', (_name, deps) => {
  it('hashes chunks like one buffer', async () => {
    const whole = await deps.hasher.sha256([text]);
    expect(await deps.hasher.sha256([text.subarray(0, 7), text.subarray(7)])).toBe(whole);
    expect(await deps.hasher.sha256([])).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('gzips deterministically with a Go-style header and round-trips', async () => {
    const a = await deps.gzip.gzip([text.subarray(0, 100), text.subarray(100)]);
    const b = await deps.gzip.gzip([text]);
    expect(a).toEqual(b);
    expect([...a.subarray(0, 10)]).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255]);
    expect(a.length).toBeLessThan(text.length / 10);
    expect(await deps.gzip.gunzip(a)).toEqual(text);
  });
});
