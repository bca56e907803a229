import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { LEGACY_PROGRESS_KEY, openProgressStorage } from './progress.ts';

/** A localStorage stand-in. */
function legacyStorage(initial: Record<string, string> = {}) {
  const m = new Map(Object.entries(initial));
  return { getItem: (k: string) => m.get(k) ?? null, removeItem: (k: string) => void m.delete(k), has: (k: string) => m.has(k) };
}

const P1 = JSON.stringify({ current: '03-multi-stage/targets', passed: ['01-introduction/single-stage'], keepOnReset: false });
const P2 = JSON.stringify({ current: '04-mounts/cache-mount', passed: ['01-introduction/single-stage', '03-multi-stage/targets'], keepOnReset: true });

describe('lesson progress in IndexedDB', () => {
  it('reads back the last write in a new page on the same database (a reload)', async () => {
    const indexedDB = new IDBFactory();
    const page = await openProgressStorage({ indexedDB, localStorage: legacyStorage() });
    expect(page.read()).toBeNull();
    page.write(P1);
    page.write(P2);
    expect(page.read()).toBe(P2);
    await page.flush();
    const reloaded = await openProgressStorage({ indexedDB, localStorage: legacyStorage() });
    expect(reloaded.read()).toBe(P2);
  });

  it('moves progress an earlier version kept in localStorage, once', async () => {
    const indexedDB = new IDBFactory();
    const legacy = legacyStorage({ [LEGACY_PROGRESS_KEY]: P1 });
    const first = await openProgressStorage({ indexedDB, localStorage: legacy });
    expect(first.read()).toBe(P1);
    await first.flush();
    await new Promise((r) => setTimeout(r, 0));
    expect(legacy.has(LEGACY_PROGRESS_KEY)).toBe(false);
    const reloaded = await openProgressStorage({ indexedDB, localStorage: legacyStorage() });
    expect(reloaded.read()).toBe(P1);
  });

  it('what IndexedDB holds wins over a leftover localStorage copy', async () => {
    const indexedDB = new IDBFactory();
    const page = await openProgressStorage({ indexedDB, localStorage: legacyStorage() });
    page.write(P2);
    await page.flush();
    const reloaded = await openProgressStorage({ indexedDB, localStorage: legacyStorage({ [LEGACY_PROGRESS_KEY]: P1 }) });
    expect(reloaded.read()).toBe(P2);
  });

  it('without IndexedDB, progress lasts as long as the page and nothing rejects', async () => {
    const broken = { open: () => { throw new Error('IndexedDB is off'); } } as unknown as IDBFactory;
    const page = await openProgressStorage({ indexedDB: broken, localStorage: legacyStorage({ [LEGACY_PROGRESS_KEY]: P1 }) });
    expect(page.read()).toBe(P1);
    page.write(P2);
    await page.flush();
    expect(page.read()).toBe(P2);
  });
});
