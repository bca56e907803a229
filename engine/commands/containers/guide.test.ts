/**
 * The guide's chapter 1 and 5 container lines with the real lesson binaries: the
 * single-stage image built by the engine from `lessons/project`, its server and client
 * (the simulated Go toolchain's programs) run by the container manager.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { SINGLE_STAGE } from '../../../lessons/dockerfiles.ts';
import { build } from '../../build/index.ts';
import { readContext, testDeps } from '../../build/testing/project.ts';
import { nodeDeps } from '../../platform/node.ts';
import { ImageStore, MemoryBlobStore, persistImage } from '../../store/index.ts';
import { runHostLine, ShellSession } from '../shell-host.ts';
import { parseDockerCommand, tokenize } from '../index.ts';
import type { LocalImages } from '../images.ts';
import { isContainerCommand, runContainerCommand } from './command.ts';
import { ContainerManager } from './manager.ts';

let images: LocalImages;
beforeAll(async () => {
  const r = await build({ dockerfile: SINGLE_STAGE, context: readContext(), tags: ['buildme'] }, testDeps());
  const store = new ImageStore();
  const blobs = new MemoryBlobStore();
  store.put(await persistImage(r.images[0]!, blobs), ['buildme']);
  images = { images: store, blobs };
}, 120_000);

describe('chapter 1 and 5 with the lesson\'s own server and client', () => {
  it('run --detach, exec -it /bin/client gets the server\'s reply, curl reaches a published port, stop: Exited (2)', async () => {
    const clock = { now: 1_700_000_000_000 };
    const containers = new ContainerManager({ images, deps: nodeDeps, now: () => clock.now, tick: () => new Promise((r) => setImmediate(r)) });
    const docker = async (line: string, signal?: AbortSignal) => {
      const cmd = parseDockerCommand(tokenize(line));
      if (!isContainerCommand(cmd)) throw new Error(line);
      let stdout = '';
      let stderr = '';
      const code = await runContainerCommand({ containers, images }, cmd, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {}, now: () => clock.now, ...(signal ? { signal } : {}) });
      return { code, stdout, stderr };
    };
    const run = await docker('run --name=buildme --rm --detach buildme');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^[0-9a-f]{64}\n$/);
    expect(await docker('exec -it buildme /bin/client')).toEqual({
      code: 0,
      stdout: 'buildme: a tiny client and server for learning multi-stage builds\nClient ready. Asking the server at http://localhost:3000\nHello, stranger! This reply came from inside a container.\n',
      stderr: '',
    });
    expect(await docker('stop buildme')).toEqual({ code: 0, stdout: 'buildme\n', stderr: '' });
    expect(containers.list(true)).toEqual([]);

    expect((await docker('run -d -p 3000:3000 --name web buildme')).code).toBe(0);
    let out = '';
    const curl = await runHostLine({ deps: nodeDeps, line: 'curl -s localhost:3000/?name=ana', files: new Map(), session: new ShellSession(), programs: () => ({}), stdout: (t) => (out += t), stderr: (t) => (out += t), tty: false, net: containers.network.hostNetwork() });
    expect(curl.exitCode).toBe(0);
    expect(out).toBe('Hello, ana! This reply came from inside a container.');

    // chapter 5: in the foreground while another container listens on the same port (its own namespace)
    const ctrlC = new AbortController();
    const fg = docker('run --name fg buildme', ctrlC.signal);
    const listening = () => containers.find('fg')?.log.some((l) => l.text.includes('Listening on HTTP port 3000')) === true;
    for (let i = 0; i < 500 && !listening(); i++) await new Promise((r) => setImmediate(r));
    expect(listening()).toBe(true);
    ctrlC.abort();
    expect(await fg).toEqual({ code: 2, stdout: 'Version: 0.0.0+unknown\nStarting server...\nListening on HTTP port 3000\n', stderr: '' });
    await docker('stop web');
    clock.now += 3_000;
    const ps = await docker('ps -a');
    expect(ps.stdout).toMatch(/ {3}Exited \(2\) 3 seconds ago {3,}web\n/);
    expect(ps.stdout).toMatch(/ {3}Exited \(2\) 3 seconds ago {3,}fg\n/);
  }, 60_000);
});
