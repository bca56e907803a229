/**
 * Cache-mount sharing between concurrent RUNs (BuildKit `sharing=`): `shared` lets them
 * use the cache together (their changes are merged), `locked` makes later ones wait until
 * the cache is released, `private` gives a RUN that finds the cache in use a fresh,
 * empty instance that is not written back.
 */
import type { CacheMountStore } from '../cache/index.ts';

interface Use {
  count: number;
  /** Resolves when the current `locked` holder releases the cache. */
  tail: Promise<void>;
}

const inUse = new WeakMap<CacheMountStore, Map<string, Use>>();

/** A held cache id; `release()` once the RUN is done. */
export interface CacheLease {
  /** False for a `private` mount that got its own instance (do not write it back). */
  readonly shared: boolean;
  release(): void;
}

/** Acquires cache `id` of `store` with the given sharing mode. */
export async function acquireCache(store: CacheMountStore, id: string, sharing: 'shared' | 'private' | 'locked' | ''): Promise<CacheLease> {
  let ids = inUse.get(store);
  if (!ids) {
    ids = new Map();
    inUse.set(store, ids);
  }
  let use = ids.get(id);
  if (!use) {
    use = { count: 0, tail: Promise.resolve() };
    ids.set(id, use);
  }
  const u = use;
  if (sharing === 'private' && u.count > 0) return { shared: false, release: () => undefined };
  if (sharing === 'locked') {
    const before = u.tail;
    let unlock!: () => void;
    u.tail = new Promise<void>((r) => (unlock = r));
    await before;
    u.count++;
    return { shared: true, release: () => { u.count--; unlock(); } };
  }
  u.count++;
  return { shared: true, release: () => void u.count-- };
}
