import { beforeAll, describe, expect, it } from 'vitest';
import { nodeDeps } from '../../platform/node.ts';
import { runHostLine, ShellSession } from '../shell-host.ts';
import type { LocalImages } from '../images.ts';
import { parseDockerCommand, tokenize } from '../index.ts';
import { isContainerCommand, runContainerCommand } from './command.ts';
import { fakeImages, fakeManager } from './fakes.test-util.ts';
import { NetworkSwitch } from './network.ts';
import type { SimHttpHandler } from '../../toolchain/net.ts';

const hello: SimHttpHandler = async (req) => ({ status: 200, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Request-Id': 'r-1' }, body: `Hello from ${req.target} (${req.host})` });

describe('the network: namespaces, published ports, host.docker.internal', () => {
  it('each container has its own localhost; the host reaches only published ports; names other than its own do not resolve', () => {
    const sw = new NetworkSwitch();
    const a = sw.attach('a'.repeat(64), 'aaaaaaaaaaaa', '172.17.0.2');
    const b = sw.attach('b'.repeat(64), 'bbbbbbbbbbbb', '172.17.0.3');
    const host = sw.hostNetwork();
    expect('close' in a.listen(3000, hello)).toBe(true);
    expect(a.listen(3000, hello)).toEqual({ error: 'address already in use' });
    expect('close' in b.listen(3000, hello)).toBe(true); // another namespace: its own port 3000
    expect(typeof a.dial('localhost', 3000)).toBe('function');
    expect(typeof a.dial('aaaaaaaaaaaa', 3000)).toBe('function');
    expect(a.dial('localhost', 3001)).toBe('refused');
    expect(host.dial('localhost', 3000)).toBe('refused');
    expect(sw.publish('a'.repeat(64), 8080, 3000)).toBeUndefined();
    expect(sw.publish('b'.repeat(64), 8080, 3000)).toBe('a'.repeat(64));
    expect(typeof host.dial('localhost', 8080)).toBe('function');
    expect(typeof host.dial('127.0.0.1', 8080)).toBe('function');
    expect(typeof b.dial('172.17.0.2', 3000)).toBe('function'); // the default bridge: by IP
    expect(b.dial('aaaaaaaaaaaa', 3000)).toBe('no-such-host'); // not by name
    expect(b.dial('nope', 3000)).toBe('no-such-host');
    expect(host.dial('host.docker.internal', 8080)).toBe('no-such-host');
    // from a container, host.docker.internal is the host: its listeners and published ports
    expect(typeof b.dial('host.docker.internal', 8080)).toBe('function');
    const h = host.listen(9000, hello);
    expect(typeof b.dial('host.docker.internal', 9000)).toBe('function');
    if ('close' in h) h.close();
    expect(b.dial('host.docker.internal', 9000)).toBe('refused');
    sw.detach('a'.repeat(64));
    expect(host.dial('localhost', 8080)).toBe('refused');
    expect(sw.allocated(8080)).toBe(false);
  });
});

describe('curl and wget in the terminal', () => {
  let images: LocalImages;
  beforeAll(async () => {
    images = await fakeImages();
  });

  /** One terminal line over an empty workspace with the host's network of `sw`. */
  async function line(text: string, sw: NetworkSwitch) {
    let stdout = '';
    let stderr = '';
    const r = await runHostLine({ deps: nodeDeps, line: text, files: new Map(), session: new ShellSession(), programs: () => ({}), stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), tty: false, net: sw.hostNetwork() });
    return { code: r.exitCode, stdout, stderr, written: r.written };
  }

  it('curl: the body, -i headers, -v, and curl\'s errors (7 refused, 6 no such host, 2 usage)', async () => {
    const sw = new NetworkSwitch();
    sw.hostNetwork().listen(3000, hello);
    expect(await line('curl localhost:3000/?name=ana', sw)).toMatchObject({ code: 0, stdout: 'Hello from /?name=ana (localhost:3000)', stderr: '' });
    expect((await line('curl -si http://127.0.0.1:3000', sw)).stdout).toBe('HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nX-Request-Id: r-1\r\n\r\nHello from / (127.0.0.1:3000)');
    const v = await line('curl -v localhost:3000/x', sw);
    expect(v.stderr).toContain('* Connected to localhost (127.0.0.1) port 3000 (#0)\n> GET /x HTTP/1.1\r\n> Host: localhost:3000\r\n> User-Agent: curl/7.88.1\r\n> Accept: */*\r\n> \r\n< HTTP/1.1 200 OK\r\n');
    expect(await line('curl localhost:3001', sw)).toMatchObject({ code: 7, stdout: '', stderr: "curl: (7) Failed to connect to localhost port 3001 after 0 ms: Couldn't connect to server\n" });
    expect(await line('curl -s localhost:3001', sw)).toMatchObject({ code: 7, stderr: '' });
    expect(await line('curl -sS localhost:3001', sw)).toMatchObject({ code: 7, stderr: "curl: (7) Failed to connect to localhost port 3001 after 0 ms: Couldn't connect to server\n" });
    expect(await line('curl nope:3000', sw)).toMatchObject({ code: 6, stderr: 'curl: (6) Could not resolve host: nope\n' });
    expect(await line('curl', sw)).toMatchObject({ code: 2, stderr: "curl: no URL specified!\ncurl: try 'curl --help' or 'curl --manual' for more information\n" });
    expect(await line('curl -Z localhost', sw)).toMatchObject({ code: 2, stderr: "curl: option -Z: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n" });
    expect(await line('curl -s localhost:3000 | wc -c', sw)).toMatchObject({ code: 0, stdout: '29\n' });
  });

  it('wget: -qO- prints the body, -O FILE saves it into the workspace, busybox\'s errors', async () => {
    const sw = new NetworkSwitch();
    sw.hostNetwork().listen(3000, hello);
    expect(await line('wget -qO- localhost:3000/?name=ana', sw)).toMatchObject({ code: 0, stdout: 'Hello from /?name=ana (localhost:3000)', stderr: '' });
    const saved = await line('wget -O greeting.txt http://localhost:3000/', sw);
    expect(saved.code).toBe(0);
    expect(saved.stderr).toMatch(/^Connecting to localhost:3000 \(127\.0\.0\.1:3000\)\nsaving to 'greeting\.txt'\n.*\n'greeting\.txt' saved\n$/);
    expect(saved.written.get('greeting.txt')).toBe('Hello from / (localhost:3000)');
    expect(await line('wget -qO- localhost:3001', sw)).toMatchObject({ code: 1, stderr: "wget: can't connect to remote host (127.0.0.1): Connection refused\n" });
    expect(await line('wget -qO- nope', sw)).toMatchObject({ code: 1, stderr: "wget: bad address 'nope'\n" });
  });

  it('docker run -p 3000:3000 then curl localhost:3000 reaches the container; after stop it is refused', async () => {
    const clock = { now: 1_700_000_000_000 };
    const containers = fakeManager(images, clock);
    const docker = async (text: string) => {
      const cmd = parseDockerCommand(tokenize(text));
      if (!isContainerCommand(cmd)) throw new Error(text);
      let stdout = '';
      const code = await runContainerCommand({ containers, images }, cmd, { stdout: (t) => (stdout += t), stderr: (t) => (stdout += t), env: {} });
      return { code, stdout };
    };
    expect(await line('curl -s localhost:3000/?name=ana', containers.network)).toMatchObject({ code: 7 });
    expect((await docker('run -d -p 3000:3000 --name web fake-server')).code).toBe(0);
    expect(await line('curl -s localhost:3000/?name=ana', containers.network)).toMatchObject({ code: 0, stdout: 'Hello, ana!' });
    // another container: its own localhost has nothing on 3000; host.docker.internal is the host, where 3000 is published
    expect(await docker('run --rm --entrypoint /bin/client fake-server')).toEqual({ code: 1, stdout: 'Client ready.\nno server is listening yet: refused\n' });
    expect(await docker('run --rm --entrypoint /bin/client fake-server host.docker.internal')).toEqual({ code: 0, stdout: 'Client ready.\nHello, client!\n' });
    expect(await docker('run --rm --entrypoint /bin/client fake-server web')).toEqual({ code: 1, stdout: 'Client ready.\nno server is listening yet: no-such-host\n' });
    expect((await docker('stop web')).code).toBe(0);
    expect(await line('curl localhost:3000', containers.network)).toMatchObject({ code: 7, stderr: "curl: (7) Failed to connect to localhost port 3000 after 0 ms: Couldn't connect to server\n" });
  });
});
