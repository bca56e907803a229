/**
 * The page's store (the sandbox worker's runtime on IndexedDB) as Docker's: a fully cached
 * rebuild of the same inputs, before and after a reload, is the same image (one row, same
 * ID), because history times come from the build cache's records.
 */
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { nodeDeps } from '#engine/platform/node';
import { sandboxApi, type OpenState, type RemoteSink } from '../../workers/sandbox-api.ts';
import { openBrowserSandboxState } from '../persist/sandbox-state.ts';
import { seedFiles } from '../workspace/seed.ts';

function sink(): RemoteSink & { text: string } {
  const s = { text: '', stdout: (t: string) => void (s.text += t), stderr: (t: string) => void (s.text += t), download: () => {}, report: () => {}, sync: () => {} };
  return s;
}

const files = seedFiles();

describe('rebuilding the same inputs in the page store', () => {
  it('gives one image row with the same ID, also after a reload, at later clock times', async () => {
    const indexedDB = new IDBFactory();
    const open: OpenState = (onNotice) => openBrowserSandboxState({ indexedDB, onNotice: (n) => onNotice(n.message), estimate: async () => ({}) });
    let now = Date.parse('2026-02-01T09:00:00Z');
    const line = 'docker build --progress=plain -t buildme --target=client .';
    const page = sandboxApi({ deps: nodeDeps, now: () => now }, open);
    const build = async (api: ReturnType<typeof sandboxApi>, n: number) => {
      const out = sink();
      expect((await api.runLine(n, { line, files, downloads: false }, out)).exitCode).toBe(0);
      return out.text;
    };
    await build(page, 1);
    const [first] = await page.listImages();
    now += 60_000;
    expect(await build(page, 2)).toMatch(/\[build-client 1\/1\] RUN go build[^\n]*\n#\d+ CACHED\n/);
    expect(await page.listImages()).toEqual([first]);
    await page.saved();

    now += 3_600_000;
    const reloaded = sandboxApi({ deps: nodeDeps, now: () => now }, open);
    expect(await reloaded.listImages()).toEqual([first]);
    await build(reloaded, 1);
    const rows = await reloaded.listImages();
    expect(rows).toEqual([first]);
    expect(rows[0]!.created).toBe(Date.parse('2026-02-01T09:00:00Z'));
  }, 120_000);
});
