import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { nodeDeps } from '#engine/platform/node';
import type { CommandSink } from '../lib/sandbox/engine-api.ts';
import { openBrowserSandboxState } from '../lib/persist/sandbox-state.ts';
import { seedFiles } from '../lib/workspace/seed.ts';
import { sandboxApi, type OpenState, type RemoteSink } from './sandbox-api.ts';

/** A sink as the worker sees it (calls only; no comlink needed in-thread). */
function sink(): RemoteSink & { text: string } {
  const s = {
    text: '',
    stdout: (t: string) => void (s.text += t),
    stderr: (t: string) => void (s.text += t),
    download: () => {},
    report: () => {},
    sync: () => {},
  };
  return s;
}

const NOW = Date.parse('2026-01-01T00:00:00Z');
const files = seedFiles();
const ctx = (line: string) => ({ line, files, downloads: false });

describe('the sandbox worker on saved state (IndexedDB)', () => {
  it('images and the layer cache survive a new worker (a reload): docker images lists them, a rebuild is CACHED', async () => {
    const indexedDB = new IDBFactory();
    const open: OpenState = (onNotice) => openBrowserSandboxState({ indexedDB, onNotice: (n) => onNotice(n.message), estimate: async () => ({}) });
    const first = sandboxApi({ deps: nodeDeps, now: () => NOW }, open);
    const line = 'docker build -t buildme --target=client .';
    const out = sink();
    expect((await first.runLine(1, ctx(line), out)).exitCode).toBe(0);
    await first.saved();

    const second = sandboxApi({ deps: nodeDeps, now: () => NOW }, open);
    expect((await second.listImages()).map((i) => i.ref)).toEqual(['buildme:latest']);
    const again = sink();
    expect((await second.runLine(1, ctx('docker build --progress=plain -t buildme --target=client .'), again)).exitCode).toBe(0);
    expect(again.text).toMatch(/\[build-client 1\/1\] RUN go build[^\n]*\n#\d+ CACHED\n/);
    const rmi = sink();
    expect((await second.runLine(2, ctx('docker rmi buildme'), rmi)).exitCode).toBe(0);
    await second.saved();
    expect(await sandboxApi({ deps: nodeDeps, now: () => NOW }, open).listImages()).toEqual([]);
  }, 60_000);

  it('prints storage notices in the terminal after the command that met them', async () => {
    const open: OpenState = async (onNotice) => {
      onNotice('the browser\'s storage is full: images and the build cache are kept in memory only');
      return openBrowserSandboxState({ indexedDB: new IDBFactory(), estimate: async () => ({}) });
    };
    const api = sandboxApi({ deps: nodeDeps, now: () => NOW }, open);
    const out = sink();
    expect((await api.runLine(1, ctx('docker images'), out)).exitCode).toBe(0);
    expect(out.text.trimEnd().split('\n').at(-1)).toBe("stageplay: the browser's storage is full: images and the build cache are kept in memory only");
    const next = sink();
    await api.runLine(2, ctx('docker images'), next);
    expect(next.text).not.toContain('stageplay:');
  });
});

// CommandSink is what the runtime writes to; RemoteSink must offer the same calls.
const _shape: Pick<CommandSink, 'stdout' | 'stderr'> = sink();
void _shape;
