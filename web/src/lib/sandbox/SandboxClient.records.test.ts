import { describe, expect, it } from 'vitest';
import { nodeDeps } from '#engine/platform/node';
import { memoryStore } from '../workspace/memory-store.test-util.ts';
import { runUntil } from './run-until.test-util.ts';
import { Workspace } from '../workspace/Workspace.svelte.ts';
import type { BuildView } from './panel-data.ts';
import { SandboxClient } from './SandboxClient.svelte.ts';


const quiet = { stdout: () => {}, stderr: () => {} };

describe('SandboxClient: the panels\' contract (live build, records, images)', () => {
  it('fills current live, records the build and the run, bumps imagesVersion, and answers the images panel', async () => {
    const ws = new Workspace(memoryStore());
    await ws.init();
    const downloads: { name: string; bytes: Uint8Array }[] = [];
    const client = new SandboxClient(ws, nodeDeps, (name, bytes) => downloads.push({ name, bytes }));
    const seen: BuildView[] = [];
    let eventsWhileRunning = 0;
    const r = await client.run('docker build -t buildme --target=client .', {
      stdout: () => {},
      stderr: () => {
        const v = client.current;
        if (v && !seen.includes(v)) seen.push(v);
        if (v?.status === 'running') eventsWhileRunning = Math.max(eventsWhileRunning, v.events.length);
      },
    });
    expect(r.exitCode).toBe(0);
    // Streamed: the view grew while the build ran, in several batches.
    expect(eventsWhileRunning).toBeGreaterThan(5);
    expect(seen.filter((v) => v.status === 'running').length).toBeGreaterThan(3);
    const view = client.current!;
    expect(view).toMatchObject({ id: 1, command: 'docker build -t buildme --target=client .', target: 'client', status: 'done', platforms: [] });
    expect(view.dockerfile).toBe(ws.read('Dockerfile'));
    expect(view.events.filter((e) => e.kind === 'vertex-start').length).toBeGreaterThan(5);
    expect(view.events.at(-1)!.kind).toBe('vertex-done');
    expect(client.imagesVersion).toBe(1);
    // Tab completion knows the Dockerfile's stages and, once the store is read, the new image
    expect(client.completionWords().stages).toEqual(['base', 'build-client', 'build-server', 'client', 'server']);
    await expect.poll(() => client.completionWords().images).toEqual(['buildme:latest']);

    const [rec] = client.records.builds;
    expect(rec).toMatchObject({ ok: true, target: 'client', tags: ['buildme'] });
    expect(rec!.images[0]!.files).toContain('/bin/client');
    expect(rec!.images[0]!.entrypoint).toEqual(['/bin/client']);
    expect(rec!.events).toEqual(view.events);

    // the client alone in its container: nothing listens on localhost:3000 there
    expect((await client.run('docker run --rm buildme', quiet)).exitCode).toBe(1);
    expect(client.records.runs).toHaveLength(1);
    expect(client.records.runs[0]).toMatchObject({ command: 'docker run --rm buildme', image: 'buildme', exitCode: 1 });
    expect(client.records.runs[0]!.output).toContain('Client ready.');

    const list = await client.images.list();
    expect(list.map((i) => i.ref)).toEqual(['buildme:latest']);
    expect(list[0]!.size).toBeGreaterThan(3.8e6);
    const layers = await client.images.layers('buildme');
    const copy = layers.find((l) => l.createdBy.startsWith('COPY /bin/client'))!;
    expect(copy.empty).toBe(false);
    expect(copy.size).toBeGreaterThan(1e6);
    expect(layers.find((l) => l.createdBy.startsWith('ENTRYPOINT'))!.empty).toBe(true);
    const changes = await client.images.changes('buildme', copy.index);
    expect(changes.find((c) => c.path === '/bin/client')).toMatchObject({ change: 'added', type: 'file' });
    expect(changes.find((c) => c.path === '/bin/client')!.size).toBeGreaterThan(1e6);
    expect(await client.images.changes('buildme', layers.findIndex((l) => l.empty))).toEqual([]);

    await client.images.download('buildme');
    expect(downloads.map((d) => d.name)).toEqual(['buildme.tar']);
    expect(new TextDecoder().decode(downloads[0]!.bytes)).toContain('manifest.json');
    await expect(client.images.layers('nope')).rejects.toThrow('No such image: nope');

    expect((await client.run('docker rmi buildme', quiet)).exitCode).toBe(0);
    expect(client.imagesVersion).toBe(2);
    expect(await client.images.list()).toEqual([]);
  }, 60_000);

  it('records a failed build with its error and marks a Ctrl+C build canceled', async () => {
    const ws = new Workspace(memoryStore());
    await ws.init();
    const client = new SandboxClient(ws, nodeDeps, () => undefined);
    ws.update('Dockerfile', 'FROM alpine\nRUN exit 3\n');
    expect((await client.run('docker build .', quiet)).exitCode).toBe(1);
    expect(client.current).toMatchObject({ id: 1, status: 'failed' });
    expect(client.current!.error).toBe('process "/bin/sh -c exit 3" did not complete successfully: exit code: 3');
    expect(client.records.builds[0]).toMatchObject({ ok: false, error: client.current!.error });
    expect(client.imagesVersion).toBe(0);

    ws.update('Dockerfile', 'FROM alpine\nRUN for i in $(seq 1 100000); do echo $i; done\n');
    const r = await runUntil(client, 'docker build .', 'RUN for', () => client.interrupt());
    expect(r.exitCode).toBe(1);
    expect(client.current).toMatchObject({ id: 2, status: 'canceled' });
    expect(client.records.builds).toHaveLength(2);
  }, 60_000);

  it('explains a layer like dive: added, modified and removed paths over the base image', async () => {
    const ws = new Workspace(memoryStore());
    await ws.init();
    const client = new SandboxClient(ws, nodeDeps, () => undefined);
    ws.update('Dockerfile', 'FROM alpine\nRUN rm /etc/os-release && echo x > /etc/hostname && mkdir /data && echo hi > /data/a\n');
    let log = '';
    expect((await client.run('docker build -t diffs .', { stdout: () => {}, stderr: (t) => (log += t) })).exitCode, log).toBe(0);
    const layers = await client.images.layers('diffs');
    const base = await client.images.changes('diffs', 0);
    expect(base.some((c) => c.path === '/bin/busybox' && c.change === 'added')).toBe(true);
    const run = layers.find((l) => l.createdBy.startsWith('RUN '))!;
    const changes = await client.images.changes('diffs', run.index);
    const by = (p: string) => changes.find((c) => c.path === p);
    expect(by('/etc/os-release')).toMatchObject({ change: 'removed', type: 'symlink' });
    expect(by('/etc/hostname')).toMatchObject({ change: 'modified', type: 'file', size: 2 });
    expect(by('/data')).toMatchObject({ change: 'added', type: 'dir' });
    expect(by('/data/a')).toMatchObject({ change: 'added', type: 'file', size: 3 });
  }, 60_000);
});

describe('SandboxClient: --secret in the browser', () => {
  it('mounts a workspace file as a secret; env= fails as buildx does (the page has no environment)', async () => {
    const ws = new Workspace(memoryStore());
    await ws.init();
    const client = new SandboxClient(ws, nodeDeps, () => undefined);
    ws.update('Dockerfile', 'FROM alpine\nRUN --mount=type=secret,id=tok cat /run/secrets/tok\n');
    ws.update('conf/token.txt', 'hunter2');
    let log = '';
    const out = { stdout: () => {}, stderr: (t: string) => (log += t) };
    expect((await client.run('docker build --progress=plain --secret id=tok,src=conf/token.txt .', out)).exitCode, log).toBe(0);
    expect(log).toMatch(/\n#\d+ [\d.]+ \*\*\*\*\n/); // read, and masked in the log as BuildKit does
    expect(log).not.toContain("hunter2");
    log = '';
    expect((await client.run('docker build --secret id=tok,env=TOKEN .', out)).exitCode).toBe(1);
    expect(log).toBe('ERROR: secret tok: environment variable TOKEN is not set\n');
    expect(client.records.builds.at(-1)).toMatchObject({ ok: false, error: 'secret tok: environment variable TOKEN is not set' });
  }, 60_000);
});

describe('SandboxClient: progress on a terminal', () => {
  it('draws BuildKit\'s tty view on a TTY (auto), the plain log with --progress=plain', async () => {
    const ws = new Workspace(memoryStore());
    await ws.init();
    const client = new SandboxClient(ws, nodeDeps, () => undefined);
    ws.update('Dockerfile', 'FROM alpine\nRUN echo hi\n');
    let tty = '';
    expect((await client.run('docker build .', { stdout: () => {}, stderr: (t) => (tty += t) }, { tty: true, columns: 100 })).exitCode).toBe(0);
    expect(tty).toMatch(/\[\+\] Building [\d.]+s \(\d+\/\d+\) FINISHED/);
    expect(tty).toContain('\x1b[2K => [2/2] RUN echo hi');
    expect(tty).not.toMatch(/^#\d+ /m);
    let plain = '';
    expect((await client.run('docker build --progress=plain .', { stdout: () => {}, stderr: (t) => (plain += t) }, { tty: true, columns: 100 })).exitCode).toBe(0);
    expect(plain).toMatch(/^#1 \[internal\] load build definition from Dockerfile$/m);
    expect(plain).not.toContain('\x1b[');
  }, 60_000);
});
