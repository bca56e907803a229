import { describe, expect, it } from 'vitest';
import { TrackedBlobStore } from './blobs.ts';
import { packDump, unpackDump } from './documents.ts';

const A = 'sha256:' + 'a'.repeat(64);
const B = 'sha256:' + 'b'.repeat(64);

describe('TrackedBlobStore', () => {
  it('tracks unsaved puts and deletes until they are saved', async () => {
    const s = new TrackedBlobStore([[A, new Uint8Array([1])]]);
    expect(s.changes()).toEqual({ puts: [], deletes: [] });
    await s.put(B, new Uint8Array([2]));
    await s.put(A, new Uint8Array([9])); // already there: no change
    await s.delete(A);
    const c = s.changes();
    expect(c.puts.map(([d]) => d)).toEqual([B]);
    expect(c.deletes).toEqual([A]);
    s.saved(c);
    expect(s.changes()).toEqual({ puts: [], deletes: [] });
    expect(await s.list()).toEqual([B]);
  });

  it('a blob deleted while its write is under way is deleted by the next flush', async () => {
    const s = new TrackedBlobStore();
    await s.put(A, new Uint8Array([1]));
    const inFlight = s.changes();
    await s.delete(A);
    s.saved(inFlight);
    expect(s.changes()).toEqual({ puts: [], deletes: [A] });
  });

  it('copies a view into a larger buffer, so the database stores only its bytes', async () => {
    const big = new Uint8Array(1 << 16);
    const s = new TrackedBlobStore();
    await s.put(A, big.subarray(10, 20));
    const [, bytes] = s.changes().puts[0]!;
    expect(bytes.buffer.byteLength).toBe(10);
  });

  it('never saves what it is told to keep in memory only', async () => {
    const s = new TrackedBlobStore([], (d) => d === A);
    await s.put(A, new Uint8Array(5));
    await s.put(B, new Uint8Array(3));
    expect(s.changes().puts.map(([d]) => d)).toEqual([B]);
    expect(s.bytes()).toEqual({ total: 8, saved: 3 });
    await s.delete(A);
    expect(s.changes().deletes).toEqual([]);
  });
});

describe('packed dumps', () => {
  it('round-trip blobs and data, and reject sizes that do not add up', () => {
    const dump = { records: [{ key: 'k' }], blobs: [new Uint8Array([1, 2]), new Uint8Array([]), new Uint8Array([3])] };
    const packed = packDump(dump);
    expect(packed.sizes).toEqual([2, 0, 1]);
    expect(unpackDump<typeof dump>(packed)).toEqual(dump);
    expect(() => unpackDump({ ...packed, sizes: [2, 2] })).toThrow('expected 4 bytes of data, found 3');
    expect(() => unpackDump('nope')).toThrow('not a build cache dump');
  });
});
