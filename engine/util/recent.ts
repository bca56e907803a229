/**
 * Recently made bytes, kept up to a byte budget (least recently used go first), so a
 * generated file read again is not generated again. Items over a share of the budget are
 * not kept.
 */
export class RecentBytes<K> {
  private readonly items = new Map<K, Uint8Array>();
  private bytes = 0;

  /** @param limit bytes kept in all; @param largest share of `limit` one item may take. */
  constructor(readonly limit: number, private readonly largest = 1 / 3) {}

  /** The bytes kept for `key` (now the most recently used), if any. */
  get(key: K): Uint8Array | undefined {
    const hit = this.items.get(key);
    if (hit) {
      this.items.delete(key);
      this.items.set(key, hit);
    }
    return hit;
  }

  /** Keeps `bytes` for `key`, dropping the least recently used past the budget. */
  set(key: K, bytes: Uint8Array): void {
    if (bytes.length > this.limit * this.largest) return;
    const had = this.items.get(key);
    if (had) this.bytes -= had.length;
    this.items.set(key, bytes);
    this.bytes += bytes.length;
    for (const [k, v] of this.items) {
      if (this.bytes <= this.limit) break;
      this.items.delete(k);
      this.bytes -= v.length;
    }
  }

  clear(): void {
    this.items.clear();
    this.bytes = 0;
  }
}
