/** A cache record's key inputs (for saying why a step ran) are kept in IndexedDB with it. */
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { build } from '#engine/build';
import { capture, filesOf } from '#engine/build/testing/project';
import { nodeDeps } from '#engine/platform/node';
import { openBrowserSandboxState, type BrowserSandboxState } from './sandbox-state.ts';

const open = (factory: IDBFactory): Promise<BrowserSandboxState> =>
  openBrowserSandboxState({ indexedDB: factory, onNotice: () => {}, estimate: async () => ({ usage: 1, quota: 2 }) });

const DF = 'FROM alpine:3.19\nCOPY src /src\nRUN cat /src/a.txt > /out.txt\n';

describe('cache records in IndexedDB', () => {
  it('keep their inputs: after a reload, an edit still names the file that changed', async () => {
    const factory = new IDBFactory();
    const a = await open(factory);
    await build({ dockerfile: DF, context: filesOf({ 'src/a.txt': 'one\n', 'src/b.txt': 'x\n' }) }, { platform: nodeDeps, cache: a.cache, cacheMounts: a.cacheMounts, now: () => 0 });
    expect(await a.flush()).toBe(true);
    a.close();

    const b = await open(factory);
    const c = capture();
    await build({ dockerfile: DF, context: filesOf({ 'src/a.txt': 'two\n', 'src/b.txt': 'x\n' }) }, { platform: nodeDeps, cache: b.cache, cacheMounts: b.cacheMounts, now: () => 0 }, { onEvent: c.onEvent });
    const causes = c.events.flatMap((e) => (e.kind === 'vertex-done' && e.cause ? [e.cause] : []));
    expect(causes[0]).toEqual({ kind: 'files-changed', paths: ['src/a.txt'] });
    expect(causes[1]).toMatchObject({ kind: 'parent-ran' });
    b.close();
  });
});
