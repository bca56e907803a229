import { describe, expect, it } from 'vitest';
import { nodeDeps } from '#engine/platform/node';
import { SandboxClient } from '../lib/sandbox/SandboxClient.svelte.ts';
import { WorkerEngine } from '../lib/sandbox/worker-engine.ts';
import { memoryStore } from '../lib/workspace/memory-store.test-util.ts';
import { runUntil } from '../lib/sandbox/run-until.test-util.ts';
import { Workspace } from '../lib/workspace/Workspace.svelte.ts';
import { spawnNodeSandbox } from './sandbox-node.test-util.ts';


describe('the sandbox worker on its own thread', () => {
  it('Ctrl+C during a step ends it CANCELED; a terminated worker fails the build, and a fresh one builds', async () => {
    const ws = new Workspace(memoryStore());
    await ws.init();
    const engine = new WorkerEngine(spawnNodeSandbox);
    const client = new SandboxClient(ws, nodeDeps, () => undefined, async () => engine);
    try {
      const r = await runUntil(client, 'docker build --target=client .', 'RUN go build', () => client.interrupt());
      expect(r.exitCode).toBe(1);
      expect(r.err).toMatch(/\n#\d+ \[build-client 1\/1\] RUN go build[^\n]*\n(#\d+ [^\n]*\n)*#\d+ CANCELED\n/);
      expect(client.current!.status).toBe('canceled');

      const killed = await runUntil(client, 'docker build --no-cache --target=client .', 'RUN go mod download', () => engine.kill());
      expect(killed.exitCode).toBe(1);
      expect(killed.err).toContain('ERROR: the sandbox stopped (its worker was stopped).');
      expect(client.current!.status).toBe('failed');
      const again = await client.run('docker build -t buildme --target=client .', { stdout: () => {}, stderr: () => {} });
      expect(again.exitCode).toBe(0);
      expect(client.current).toMatchObject({ id: 3, status: 'done' });
    } finally {
      engine.kill('the test ended');
    }
  }, 120_000);
});
