import { describe, expect, it } from 'vitest';
import { nodeHasher } from '../platform/node.ts';
import { chainId, digestOf } from './digest.ts';

describe('chainId', () => {
  it('follows the OCI definition', async () => {
    const a = await digestOf(nodeHasher, [new Uint8Array([1])]);
    const b = await digestOf(nodeHasher, [new Uint8Array([2])]);
    expect(await chainId(nodeHasher, [])).toBeUndefined();
    expect(await chainId(nodeHasher, [a])).toBe(a);
    expect(await chainId(nodeHasher, [a, b])).toBe(await digestOf(nodeHasher, [new TextEncoder().encode(`${a} ${b}`)]));
  });
});
