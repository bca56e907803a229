import { afterEach, describe, expect, it, vi } from 'vitest';
import { nodeDeps } from '#engine/platform/node';
import { memoryStore } from '../workspace/memory-store.test-util.ts';
import { runUntil } from './run-until.test-util.ts';
import { Workspace } from '../workspace/Workspace.svelte.ts';
import { DIAGNOSE_DEBOUNCE_MS, SandboxClient } from './SandboxClient.svelte.ts';

/** A store that keeps nothing: these tests are about the client, not persistence. */

async function setup() {
  const ws = new Workspace(memoryStore());
  await ws.init();
  return { ws, client: new SandboxClient(ws, nodeDeps, () => undefined) };
}

afterEach(() => vi.useRealTimers());

describe('SandboxClient', () => {
  it('re-checks the Dockerfile once the learner pauses, latest text wins', async () => {
    const { ws, client } = await setup();
    vi.useFakeTimers();
    client.diagnoseNow();
    expect(client.diagnostics).toEqual([]);
    ws.update('Dockerfile', 'FROM scratch\nCOPPY a b\n');
    client.scheduleDiagnose();
    vi.advanceTimersByTime(DIAGNOSE_DEBOUNCE_MS - 1);
    expect(client.diagnostics).toEqual([]);
    ws.update('Dockerfile', 'FROM scratch\nCOPYY a b\n');
    client.scheduleDiagnose();
    vi.advanceTimersByTime(DIAGNOSE_DEBOUNCE_MS);
    expect(client.diagnostics).toHaveLength(1);
    expect(client.diagnostics[0]!.message).toContain('unknown instruction: COPYY');
  });

  it('runs terminal commands against the current workspace files', async () => {
    const { ws, client } = await setup();
    ws.update('Dockerfile', 'FROM scratch AS only\n');
    let out = '';
    const r = await client.run('docker build --call=targets .', { stdout: (t) => (out += t), stderr: (t) => (out += t) });
    expect(r.exitCode).toBe(0);
    expect(out).toMatch(/^only \(default\)/m);
    expect(client.running).toBe(false);
    expect(client.directories()).toEqual(['cmd', 'cmd/client', 'cmd/server', 'internal', 'internal/greeting']);
  });

  it('Ctrl+C (interrupt) cancels a running build; the next build runs', async () => {
    const { client } = await setup();
    const r = await runUntil(client, 'docker build --target=client .', 'RUN go mod download', () => client.interrupt());
    expect(r.exitCode).toBe(1);
    expect(r.err).toMatch(/\n#\d+ CANCELED\n/);
    expect(client.running).toBe(false);
    client.interrupt(); // nothing running: harmless
    const again = await client.run('docker build --target=client -t buildme .', { stdout: () => {}, stderr: () => {} });
    expect(again.exitCode).toBe(0);
  }, 30_000);
});
