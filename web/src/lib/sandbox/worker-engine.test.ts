import type { Endpoint } from 'comlink';
import { describe, expect, it } from 'vitest';
import { nodeDeps } from '#engine/platform/node';
import { exposeSandbox } from '../../workers/sandbox-api.ts';
import { memoryStore } from '../workspace/memory-store.test-util.ts';
import { runUntil } from './run-until.test-util.ts';
import { Workspace } from '../workspace/Workspace.svelte.ts';
import { SandboxClient } from './SandboxClient.svelte.ts';
import { WorkerEngine, type WorkerHandle } from './worker-engine.ts';


/** A "worker" on a MessageChannel in this thread: the real worker code, the real wire (comlink, cloning, transfers). */
function channelWorker(spawned: { count: number }, failAtLoad?: string): WorkerHandle {
  spawned.count++;
  const ch = new MessageChannel();
  let dead: ((reason: string) => void) | undefined;
  if (failAtLoad) setTimeout(() => dead?.(`its worker failed: ${failAtLoad}`), 5);
  else exposeSandbox(ch.port1 as unknown as Endpoint, nodeDeps);
  return {
    endpoint: ch.port2 as unknown as Endpoint,
    terminate() {
      ch.port1.close();
      ch.port2.close();
    },
    onDeath: (cb) => (dead = cb),
  };
}

async function setup(failFirst?: string) {
  const ws = new Workspace(memoryStore());
  await ws.init();
  const spawned = { count: 0 };
  const engine = new WorkerEngine(() => channelWorker(spawned, spawned.count === 0 ? failFirst : undefined));
  const downloads: { name: string; bytes: Uint8Array }[] = [];
  const client = new SandboxClient(ws, nodeDeps, (name, bytes) => downloads.push({ name, bytes }), async () => engine);
  return { ws, engine, client, downloads, spawned };
}

describe('WorkerEngine: the sandbox over a message channel', () => {
  it('streams a build, fills the view and records, answers the images panel with transferred bytes', async () => {
    const { client, downloads, ws } = await setup();
    let err = '';
    let writesBeforeEnd = 0;
    const r = await client.run('docker build -t buildme --target=client .', { stdout: () => {}, stderr: (t) => ((err += t), writesBeforeEnd++) });
    expect(r.exitCode).toBe(0);
    expect(writesBeforeEnd).toBeGreaterThan(20);
    // Everything printed arrived before the exit code did.
    expect(err).toContain("naming to docker.io/library/buildme:latest done\n");
    expect(err).toMatch(/\n#\d+ DONE [\d.]+s\n$/);
    expect(client.current).toMatchObject({ id: 1, status: 'done' });
    expect(client.records.builds[0]!.images[0]!.files).toContain('/bin/client');
    expect(client.imagesVersion).toBe(1);
    expect((await client.images.list()).map((i) => i.ref)).toEqual(['buildme:latest']);
    await client.images.download('buildme');
    expect(downloads[0]!.name).toBe('buildme.tar');
    expect(new TextDecoder().decode(downloads[0]!.bytes)).toContain('manifest.json');
    // docker save -o writes into the workspace, through the worker, as bytes; download FILE offers it
    expect((await client.run('docker save -o x.tar buildme', { stdout: () => {}, stderr: () => {} })).exitCode).toBe(0);
    expect(new TextDecoder().decode(ws.bytes('x.tar')!)).toContain('manifest.json');
    expect(ws.tree.map((n) => n.name)).toContain('x.tar');
    expect((await client.run('download x.tar', { stdout: () => {}, stderr: () => {} })).exitCode).toBe(0);
    expect(downloads[1]!.name).toBe('x.tar');
    // compared as buffers: toEqual walks a multi-megabyte archive element by element
    expect(Buffer.compare(downloads[1]!.bytes, ws.bytes('x.tar')!)).toBe(0);
  }, 60_000);

  // On one thread the step ends before the page reads its start; sandbox-thread.test.ts sees CANCELED inside a step.
  it('Ctrl+C reaches the worker: the build stops at the step boundary, canceled', async () => {
    const { client } = await setup();
    const r = await runUntil(client, 'docker build --target=client .', 'RUN go mod download', () => client.interrupt());
    expect(r.exitCode).toBe(1);
    expect(r.err).not.toMatch(/\[client 1\/1\]/);
    expect(r.err.trimEnd().split('\n').at(-1)).toBe('ERROR: failed to solve: context canceled');
    expect(client.current!.status).toBe('canceled');
  }, 60_000);

  it('a worker killed mid-build fails the command clearly; a fresh worker builds next, with new view ids', async () => {
    const { ws, engine, client, spawned } = await setup();
    const before = ws.read('Dockerfile');
    const r = await runUntil(client, 'docker build --target=client .', 'RUN go mod download', () => engine.kill());
    expect(r.exitCode).toBe(1);
    expect(r.err).toMatch(/\nERROR: the sandbox stopped \(its worker was stopped\)\. A fresh sandbox has started with the images and build cache saved before this command; your workspace files are unchanged\n$/);
    expect(client.current).toMatchObject({ id: 1, status: 'failed' });
    expect(client.records.builds[0]).toMatchObject({ ok: false });
    expect(client.records.builds[0]!.events.length).toBeGreaterThan(3);
    expect(client.running).toBe(false);
    const again = await client.run('docker build -t buildme --target=client .', { stdout: () => {}, stderr: () => {} });
    expect(again.exitCode).toBe(0);
    expect(spawned.count).toBe(2);
    expect(client.current).toMatchObject({ id: 2, status: 'done' });
    expect(ws.read('Dockerfile')).toBe(before);
  }, 60_000);

  it('a worker that throws at load fails the command; the next one works', async () => {
    const { client, spawned } = await setup('SyntaxError: bad chunk');
    let err = '';
    const r = await client.run('docker images', { stdout: () => {}, stderr: (t) => (err += t) });
    expect(r.exitCode).toBe(1);
    expect(err).toContain('ERROR: the sandbox stopped (its worker failed: SyntaxError: bad chunk)');
    let out = '';
    expect((await client.run('docker images', { stdout: (t) => (out += t), stderr: () => {} })).exitCode).toBe(0);
    expect(out).toMatch(/^REPOSITORY\s+TAG/);
    expect(spawned.count).toBe(2);
  });

  it('the watchdog ends a worker that stops answering', async () => {
    const ws = new Workspace(memoryStore());
    await ws.init();
    // A worker that never answers anything.
    const silent = (): WorkerHandle => ({ endpoint: new MessageChannel().port1 as unknown as Endpoint, terminate() {}, onDeath() {} });
    const engine = new WorkerEngine(silent, { pingMs: 10, silentMs: 50 });
    await expect(engine.listImages()).rejects.toThrow('the sandbox stopped (its worker stopped responding)');
  });
});
