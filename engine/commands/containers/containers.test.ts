import { beforeAll, describe, expect, it } from 'vitest';
import { parseDockerCommand, tokenize } from '../index.ts';
import { runPrune, runRmi, type LocalImages } from '../images.ts';
import { ImageStore } from '../../store/index.ts';
import { isContainerCommand, runContainerCommand } from './command.ts';
import { nodeDeps } from '../../platform/node.ts';
import { fakeImages, fakeManager, fakePrograms } from './fakes.test-util.ts';
import { ContainerManager } from './manager.ts';

let images: LocalImages;
beforeAll(async () => {
  images = await fakeImages();
});

/** A sandbox: the manager and a `docker` that runs one command line and returns what it printed. */
function sandbox(start = 1_700_000_000_000) {
  const clock = { now: start };
  const containers = fakeManager(images, clock);
  const docker = async (line: string, signal?: AbortSignal) => {
    const cmd = parseDockerCommand(tokenize(line));
    if (!isContainerCommand(cmd)) throw new Error(`not a container command: ${line}`);
    let stdout = '';
    let stderr = '';
    const code = await runContainerCommand({ containers, images }, cmd, {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      env: { FROM_HOST: 'yes' },
      now: () => clock.now,
      ...(signal ? { signal } : {}),
    });
    return { code, stdout, stderr };
  };
  return { clock, containers, docker };
}

const idOf = (m: ContainerManager, name: string) => m.find(name)!.id;

describe('containers: the guide\'s chapter 1 lifecycle', () => {
  it('run -d prints the ID; exec reaches the server on its localhost; stop prints the name and --rm removes it', async () => {
    const { docker, containers, clock } = sandbox();
    const run = await docker('run --name=buildme --rm --detach fake-server');
    expect(run).toEqual({ code: 0, stdout: `${idOf(containers, 'buildme')}\n`, stderr: '' });
    expect(run.stdout).toMatch(/^[0-9a-f]{64}\n$/);
    clock.now += 5_000;
    const ps = await docker('ps');
    const id12 = run.stdout.slice(0, 12);
    expect(ps.stdout).toBe(
      'CONTAINER ID   IMAGE         COMMAND         CREATED         STATUS         PORTS     NAMES\n' +
        `${id12}   fake-server   "/bin/server"   5 seconds ago   Up 5 seconds             buildme\n`,
    );
    const exec = await docker('exec -it buildme /bin/client');
    expect(exec).toEqual({ code: 0, stdout: 'Client ready.\nHello, client!\n', stderr: '' });
    expect((await docker('logs buildme')).stdout).toBe('Version: 0.0.0+unknown\nStarting server...\nListening on HTTP port 3000\n');
    expect(await docker('stop buildme')).toEqual({ code: 0, stdout: 'buildme\n', stderr: '' });
    expect(containers.list(true)).toEqual([]);
    expect((await docker('ps -a')).stdout).toBe('CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES\n');
  });

  it('a stopped Go-like server exits 2; ps -a shows Exited (2); exec on it is refused; rm removes it', async () => {
    const { docker, containers, clock } = sandbox();
    await docker('run -d --name web fake-server');
    clock.now += 60_000;
    await docker('stop web');
    clock.now += 3_000;
    const ps = await docker('ps -a --no-trunc');
    const id = idOf(containers, 'web');
    expect(ps.stdout).toContain(`${id}   fake-server   "/bin/server"   About a minute ago   Exited (2) 3 seconds ago             web\n`);
    expect(await docker('exec web /bin/client')).toEqual({ code: 1, stdout: '', stderr: `Error response from daemon: container ${id} is not running\n` });
    expect(await docker('ps -q')).toEqual({ code: 0, stdout: '', stderr: '' });
    expect((await docker('ps -aq')).stdout).toBe(`${id.slice(0, 12)}\n`);
    expect(await docker('rm web')).toEqual({ code: 0, stdout: 'web\n', stderr: '' });
    expect(await docker('logs web')).toEqual({ code: 1, stdout: '', stderr: 'Error response from daemon: No such container: web\n' });
  });

  it('refuses a name in use, rm of a running container, and unknown containers, in Docker\'s words', async () => {
    const { docker, containers } = sandbox();
    await docker('run -d --name buildme fake-server');
    const id = idOf(containers, 'buildme');
    expect(await docker('run -d --name buildme fake-server')).toEqual({
      code: 125,
      stdout: '',
      stderr: `docker: Error response from daemon: Conflict. The container name "/buildme" is already in use by container "${id}". You have to remove (or rename) that container to be able to reuse that name.\n\nRun 'docker run --help' for more information\n`,
    });
    expect(await docker('rm buildme')).toEqual({
      code: 1,
      stdout: '',
      stderr: `Error response from daemon: You cannot remove a running container ${id}. Stop the container before attempting removal or force remove\n`,
    });
    expect(await docker('stop nope')).toEqual({ code: 1, stdout: '', stderr: 'Error response from daemon: No such container: nope\n' });
    expect(await docker('exec buildme /bin/nope')).toEqual({
      code: 127,
      stdout: '',
      stderr: 'OCI runtime exec failed: exec failed: unable to start container process: exec: "/bin/nope": executable file not found in $PATH: unknown\n',
    });
    expect(await docker('rm -f buildme')).toEqual({ code: 0, stdout: 'buildme\n', stderr: '' });
    expect(containers.list(true)).toEqual([]);
  });

  it('finds a container by ID prefix and generates adjective_surname names, the same ones every run', async () => {
    const a = sandbox();
    const b = sandbox();
    await a.docker('run -d fake-server');
    await b.docker('run -d fake-server');
    const [ca] = a.containers.list();
    expect(ca!.name).toMatch(/^[a-z]+_[a-z]+$/);
    expect(b.containers.list()[0]!.name).toBe(ca!.name);
    expect(b.containers.list()[0]!.id).toBe(ca!.id);
    expect((await a.docker(`stop ${ca!.id.slice(0, 5)}`)).stdout).toBe(`${ca!.id.slice(0, 5)}\n`);
    expect(a.containers.find(ca!.name)!.status).toBe('exited');
  });

  it('a foreground run prints the server\'s lines and blocks until Ctrl+C (exit 2); without --rm it stays, Exited', async () => {
    const { docker, containers } = sandbox();
    const ctrlC = new AbortController();
    let done = false;
    const running = docker('run fake-server', ctrlC.signal).then((r) => {
      done = true;
      return r;
    });
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    expect(done).toBe(false);
    expect(containers.list(false)).toHaveLength(1);
    ctrlC.abort();
    expect(await running).toEqual({ code: 2, stdout: 'Version: 0.0.0+unknown\nStarting server...\nListening on HTTP port 3000\n', stderr: '' });
    expect(containers.list(true)[0]!.status).toBe('exited');
    const id = containers.list(true)[0]!.id;
    expect((await docker('container prune -f')).stdout).toBe(`Deleted Containers:\n${id}\n\nTotal reclaimed space: 0B\n`);
  });

  it('start runs a stopped container again; logs keep both runs; container prune -f removes the stopped ones', async () => {
    const { docker, containers } = sandbox();
    await docker('run -d --name again fake-server');
    await docker('stop again');
    expect(await docker('start again')).toEqual({ code: 0, stdout: 'again\n', stderr: '' });
    expect(containers.find('again')!.status).toBe('running');
    expect((await docker('logs again')).stdout).toBe('Version: 0.0.0+unknown\nStarting server...\nListening on HTTP port 3000\n'.repeat(2));
    await docker('run -d --name other fake-server');
    await docker('stop other');
    const otherId = idOf(containers, 'other');
    expect(await docker('container prune')).toEqual({ code: 0, stdout: 'WARNING! This will remove all stopped containers.\nAre you sure you want to continue? [y/N] \n', stderr: '' });
    expect(await docker('container prune -f')).toEqual({ code: 0, stdout: `Deleted Containers:\n${otherId}\n\nTotal reclaimed space: 0B\n`, stderr: '' });
    expect(containers.list(true).map((c) => c.name)).toEqual(['again']);
    expect((await docker('container ls')).stdout).toContain('again');
  });
});

describe('containers: ports', () => {
  it('two containers listen on 3000 in their own namespaces; both publishing host port 3000 is refused as Docker does', async () => {
    const { docker, containers } = sandbox();
    expect((await docker('run -d -p 3000:3000 --name one fake-server')).code).toBe(0);
    expect((await docker('run -d --name two fake-server')).code).toBe(0);
    expect(containers.find('two')!.status).toBe('running');
    expect((await docker('logs two')).stderr).toBe('');
    const three = await docker('run -d -p 3000:3000 --name three fake-server');
    const id = idOf(containers, 'three');
    expect(three.code).toBe(125);
    expect(three.stdout).toBe(`${id}\n`);
    expect(three.stderr).toMatch(new RegExp(`^docker: Error response from daemon: driver failed programming external connectivity on endpoint three \\([0-9a-f]{64}\\): Bind for 0\\.0\\.0\\.0:3000 failed: port is already allocated\\n\\nRun 'docker run --help' for more information\\n$`));
    expect(containers.find('three')!.status).toBe('created');
    const ps = await docker('ps -a');
    expect(ps.stdout).toMatch(/ {3}Up Less than a second {3}0\.0\.0\.0:3000->3000\/tcp {3}one\n/);
    expect(ps.stdout).toMatch(/ {3}Created {2,}three\n/);
    // a foreground run on the same port without -p: fine (separate namespaces)
    const ctrlC = new AbortController();
    const fg = docker('run fake-server', ctrlC.signal);
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    ctrlC.abort();
    expect((await fg).code).toBe(2);
  });

  it('-p without a host port takes the lowest free port from 32768; inspect shows the bindings', async () => {
    const { docker, containers } = sandbox();
    await docker('run -d -p 3000 --name eph fake-server');
    const c = containers.find('eph')!;
    expect(c.ports).toEqual([{ hostIp: '', hostPort: 32768, containerPort: 3000, proto: 'tcp' }]);
    const [obj] = JSON.parse((await docker('inspect eph')).stdout) as Record<string, any>[];
    expect(obj!.NetworkSettings.Ports).toEqual({ '3000/tcp': [{ HostIp: '0.0.0.0', HostPort: '32768' }] });
    expect(obj!.HostConfig.PortBindings).toEqual({ '3000/tcp': [{ HostIp: '', HostPort: '32768' }] });
    expect((await docker('run -d -p abc fake-server')).stderr).toBe("docker: Invalid containerPort: abc\n\nRun 'docker run --help' for more information\n");
  });
});

describe('containers: inspect', () => {
  it('a container\'s JSON in Docker\'s shape; a name that is no container is looked up as an image', async () => {
    const { docker, containers, clock } = sandbox();
    await docker('run --name=buildme --rm -d -e A=1 -e FROM_HOST -e UNSET fake-server --port 4000');
    const id = idOf(containers, 'buildme');
    const out = await docker('inspect buildme fake-server nope');
    expect(out.code).toBe(1);
    expect(out.stderr).toBe('Error: No such object: nope\n');
    const [c, img] = JSON.parse(out.stdout) as Record<string, any>[];
    expect(Object.keys(c!).slice(0, 6)).toEqual(['Id', 'Created', 'Path', 'Args', 'State', 'Image']);
    expect(c!.Id).toBe(id);
    expect(c!.Created).toBe(new Date(clock.now).toISOString().replace('Z', '000000Z'));
    expect(c!.Path).toBe('/bin/server');
    expect(c!.Args).toEqual(['--port', '4000']);
    expect(c!.State).toMatchObject({ Status: 'running', Running: true, ExitCode: 0, FinishedAt: '0001-01-01T00:00:00Z' });
    expect(c!.Name).toBe('/buildme');
    expect(c!.Config).toMatchObject({ Image: 'fake-server', Entrypoint: ['/bin/server'], Cmd: ['--port', '4000'], Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'A=1', 'FROM_HOST=yes'] });
    expect(c!.HostConfig).toMatchObject({ AutoRemove: true, PortBindings: {} });
    expect(img!.RepoTags).toEqual(['fake-server:latest']);
    expect((await docker('logs buildme')).stdout).toContain('Listening on HTTP port 4000\n');
  });

  it('parses the container commands and their docker container names', () => {
    const p = (line: string) => parseDockerCommand(tokenize(line));
    expect(p('run --name=buildme --rm --detach buildme')).toMatchObject({ kind: 'run', name: 'buildme', rm: true, detach: true, image: 'buildme', args: [] });
    expect(p('run -it -p 3000:3000 -p 8080:80 buildme-server --port 3000')).toMatchObject({ kind: 'run', interactive: true, tty: true, publish: ['3000:3000', '8080:80'], args: ['--port', '3000'] });
    expect(p('exec -it -e A=1 -w /tmp buildme /bin/client --name ana')).toEqual({ kind: 'exec', root: undefined, container: 'buildme', args: ['/bin/client', '--name', 'ana'], env: ['A=1'], workdir: '/tmp', interactive: true, tty: true });
    expect(p('container ls -a')).toMatchObject({ kind: 'ps', all: true });
    expect(p('container rm -f a b')).toMatchObject({ kind: 'rm', containers: ['a', 'b'], force: true });
    expect(p('container stop a')).toMatchObject({ kind: 'stop', containers: ['a'] });
    expect(p('logs -f a')).toMatchObject({ kind: 'logs', container: 'a', follow: true });
    expect(p('ps --help')).toMatchObject({ kind: 'help' });
    expect(() => p('exec buildme')).toThrow('"docker exec" requires at least 2 arguments.');
    expect(() => p('stop')).toThrow('"docker stop" requires at least 1 argument.');
  });
});

describe('containers whose records outlive the process (the CLI)', () => {
  it('a later manager on the same records: ps shows it Up, exec starts the server again for the client, stop takes its exit 2 and --rm removes it', async () => {
    let saved = '[]';
    const store = { load: () => JSON.parse(saved), save: (r: unknown) => void (saved = JSON.stringify(r)) };
    const clock = { now: 1_700_000_000_000 };
    const open = () => new ContainerManager({ images, deps: nodeDeps, now: () => clock.now, programs: fakePrograms, store, tick: () => new Promise((r) => setImmediate(r)) });
    const docker = async (m: ContainerManager, line: string) => {
      const cmd = parseDockerCommand(tokenize(line));
      if (!isContainerCommand(cmd)) throw new Error(line);
      let out = '';
      const code = await runContainerCommand({ containers: m, images }, cmd, { stdout: (t) => (out += t), stderr: (t) => (out += t), env: {}, now: () => clock.now });
      return { code, out };
    };
    const first = open();
    const id = (await docker(first, 'run --name=buildme --rm --detach fake-server')).out.trim();
    await first.suspend();
    clock.now += 10_000;
    const second = open();
    expect((await docker(second, 'ps')).out).toContain('Up 10 seconds');
    expect((await docker(second, 'logs buildme')).out).toBe('Version: 0.0.0+unknown\nStarting server...\nListening on HTTP port 3000\n');
    expect(await docker(second, 'exec -it buildme /bin/client')).toEqual({ code: 0, out: 'Client ready.\nHello, client!\n' });
    // the server started for the exec printed nothing into the log, and is gone again
    expect(second.find(id)!.log).toEqual([{ fd: 1, text: 'Version: 0.0.0+unknown\nStarting server...\nListening on HTTP port 3000\n' }]);
    expect(second.find(id)!.status).toBe('running');
    await second.suspend();
    const third = open();
    expect(await docker(third, 'stop buildme')).toEqual({ code: 0, out: 'buildme\n' });
    expect(third.list(true)).toEqual([]);
    expect(JSON.parse(saved)).toEqual([]);
  });
});

describe('a dormant record whose image is gone', () => {
  it('stop ends it as killed (137) and exec says why, instead of failing inside', async () => {
    let saved = '[]';
    const store = { load: () => JSON.parse(saved), save: (r: unknown) => void (saved = JSON.stringify(r)) };
    const clock = { now: 1_700_000_000_000 };
    const first = new ContainerManager({ images, deps: nodeDeps, now: () => clock.now, programs: fakePrograms, store });
    const c = await first.create({ image: 'fake-server', args: [], env: [], rm: false, ports: [], tty: false, interactive: false });
    if ('code' in c) throw new Error(c.error);
    await first.start(c);
    await first.suspend();
    const empty: LocalImages = { images: new ImageStore(), blobs: images.blobs };
    const second = new ContainerManager({ images: empty, deps: nodeDeps, now: () => clock.now, programs: fakePrograms, store });
    const again = second.find(c.id)!;
    expect(await second.exec(again, ['/bin/client'], { env: [] }, { stdout: () => {}, stderr: () => {} })).toEqual({ error: `No such image: ${c.imageId}`, code: 126 });
    await second.stop(again);
    expect(second.find(c.id)).toMatchObject({ status: 'exited', exitCode: 137 });
  });
});

describe('images that containers use', () => {
  it('rmi refuses them as the daemon does; -f untags and keeps the image for the container; image prune -a keeps it', async () => {
    const { docker, containers } = sandbox();
    const local: LocalImages = { images: new ImageStore(images.images.list().map((i) => ({ ...i, repoTags: [...i.repoTags] }))), blobs: images.blobs };
    const rmi = async (line: string) => {
      let stdout = '';
      let stderr = '';
      const cmd = parseDockerCommand(tokenize(line));
      const user = (id: string) => containers.imageUser(id);
      const code = cmd.kind === 'rmi' ? await runRmi(local, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }, cmd.images, cmd.force, user) : cmd.kind === 'image-prune' ? await runPrune(local, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }, cmd.all, user) : -1;
      return { code, stdout, stderr };
    };
    await docker('run -d --name web fake-server');
    const c = containers.find('web')!;
    const img = local.images.find('fake-server')!;
    const short = img.id.slice(7, 19);
    expect(await rmi('rmi fake-server')).toEqual({ code: 1, stdout: '', stderr: `Error response from daemon: conflict: unable to remove repository reference "fake-server" (must force) - container ${c.id.slice(0, 12)} is using its referenced image ${short}\n` });
    expect(await rmi(`rmi ${short}`)).toEqual({ code: 1, stdout: '', stderr: `Error response from daemon: conflict: unable to delete ${short} (cannot be forced) - image is being used by running container ${c.id.slice(0, 12)}\n` });
    expect(await rmi('image prune -a')).toEqual({ code: 0, stdout: 'Total reclaimed space: 0B\n', stderr: '' });
    expect(await rmi('rmi -f fake-server')).toEqual({ code: 0, stdout: 'Untagged: fake-server:latest\n', stderr: '' });
    expect(local.images.find(img.id)!.repoTags).toEqual([]);
    await docker('stop web');
    expect(await rmi(`rmi ${short}`)).toMatchObject({ code: 1, stderr: expect.stringContaining(`(must be forced) - image is being used by stopped container ${c.id.slice(0, 12)}`) });
    await docker('rm web');
    expect(await rmi('image prune')).toMatchObject({ code: 0, stdout: expect.stringContaining(`deleted: ${img.id}`) });
  });
});
