import { describe, expect, it } from 'vitest';
import { nodeHasher } from '../platform/node.ts';
import { emptySnapshot } from './index.ts';
import { snapshotDigest } from './index.ts';

const enc = (s: string) => new TextEncoder().encode(s);

describe('snapshotDigest', () => {
  it('depends on content and metadata, not on how the tree was built', async () => {
    const a = emptySnapshot().edit();
    a.mkdir('/d');
    a.writeFile('/d/f', enc('x'));
    a.writeFile('/g', enc('y'));
    const b = emptySnapshot().edit();
    b.writeFile('/g', enc('tmp'));
    b.mkdir('/d');
    b.writeFile('/d/f', enc('x'));
    b.writeFile('/g', enc('y'));
    const sa = a.commit().snapshot;
    const sb = b.commit().snapshot;
    expect(await snapshotDigest(sa, nodeHasher)).toBe(await snapshotDigest(sb, nodeHasher));
    b.chmod('/g', 0o600);
    expect(await snapshotDigest(b.commit().snapshot, nodeHasher)).not.toBe(await snapshotDigest(sa, nodeHasher));
    b.chmod('/g', 0o644);
    b.link('/g', '/h');
    expect(await snapshotDigest(b.commit().snapshot, nodeHasher)).not.toBe(await snapshotDigest(sa, nodeHasher));
  });
});
