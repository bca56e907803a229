import { describe, expect, it } from 'vitest';
import { RecentBytes } from './recent.ts';

describe('RecentBytes', () => {
  it('keeps items up to its budget, dropping the least recently used, and skips items over its share', () => {
    const r = new RecentBytes<string>(10, 1 / 2);
    const b = (n: number) => new Uint8Array(n);
    r.set('a', b(4));
    r.set('b', b(4));
    expect(r.get('a')?.length).toBe(4); // a is now the most recent
    r.set('c', b(4)); // 12 > 10: b goes
    expect(r.get('b')).toBeUndefined();
    expect(r.get('a')?.length).toBe(4);
    expect(r.get('c')?.length).toBe(4);
    r.set('big', b(6)); // over half the budget: not kept, nothing dropped
    expect(r.get('big')).toBeUndefined();
    expect(r.get('a')?.length).toBe(4);
    r.set('a', b(5)); // replacing counts the new size only: 5 + 4 = 9
    expect(r.get('c')?.length).toBe(4);
    r.clear();
    expect(r.get('a')).toBeUndefined();
  });
});
