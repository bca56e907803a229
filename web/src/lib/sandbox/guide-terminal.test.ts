/**
 * The guide's chapter 4 and 6 command lines, typed as written, through the client the page
 * uses (the shell over the workspace, the docker program, outputs written back).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeDeps } from '#engine/platform/node';
import { BINARIES, CACHE_MOUNT } from '../../../../lessons/dockerfiles.ts';
import { memoryStore } from '../workspace/memory-store.test-util.ts';
import { Workspace } from '../workspace/Workspace.svelte.ts';
import type { RecordsStore } from '../persist/records.ts';
import { SandboxClient } from './SandboxClient.svelte.ts';

const noRecords: RecordsStore = { load: async () => ({ builds: [], runs: [] }), append: async () => undefined };

let ws: Workspace;
let client: SandboxClient;
const downloads: string[] = [];

async function run(line: string, tty = false) {
  let stdout = '';
  let stderr = '';
  const r = await client.run(line, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }, tty ? { tty: true, columns: 100, rows: 30 } : undefined);
  return { ...r, stdout, stderr };
}

beforeAll(async () => {
  ws = new Workspace(memoryStore());
  await ws.init();
  client = new SandboxClient(ws, nodeDeps, (name) => downloads.push(name), undefined, noRecords);
});

describe('the guide in the terminal', () => {
  it('chapter 4: docker build ... 2> log1.txt leaves the plain log in the workspace, and awk finds the module downloads', async () => {
    ws.update('Dockerfile', CACHE_MOUNT);
    // on a terminal, but stderr goes to a file: --progress=auto prints plain, as on a real machine
    const b = await run('docker build --target=client . 2> log1.txt', true);
    expect(b.exitCode).toBe(0);
    expect(b.stderr).toBe('');
    const log = ws.read('log1.txt')!;
    expect(log).toMatch(/^#1 \[internal\] load build definition from Dockerfile\n/);
    expect(log).not.toMatch(/\x1b\[/);
    const awk = await run("awk '/proxy.golang.org/' log1.txt");
    expect(awk.exitCode).toBe(0);
    expect(awk.stdout).toMatch(/# get https:\/\/proxy\.golang\.org\/.*: 200 OK \([\d.]+s\)\n/);
    expect(awk.stdout.split('\n').filter(Boolean).every((l) => l.includes('proxy.golang.org'))).toBe(true);
  }, 120_000);

  it('docker images | grep, docker inspect | grep -i entrypoint', async () => {
    expect((await run('docker build -t buildme --target=client --progress=quiet .')).exitCode).toBe(0);
    const images = await run('docker images | grep buildme');
    expect(images.stdout).toMatch(/^buildme\s+latest\s+[0-9a-f]{12}\s.*MB\n$/);
    const inspect = await run('docker inspect buildme | grep -i entrypoint');
    expect(inspect.stdout).toMatch(/"Entrypoint": \[\n?$/m);
  }, 120_000);

  it('chapter 6: --output=. writes bin/server into the workspace as bytes; ls -l ./bin and file show it', async () => {
    ws.update('Dockerfile', BINARIES);
    const b = await run('docker build --output=. --target=server .', true);
    expect(b.exitCode).toBe(0);
    const server = ws.bytes('bin/server');
    expect(server).toBeInstanceOf(Uint8Array);
    expect(ws.tree.some((n) => n.name === 'bin')).toBe(true);
    const ls = await run('ls -l ./bin');
    expect(ls.stdout).toMatch(new RegExp(`^total \\d+\\n-rwxr-xr-x +1 learner +learner +${server!.length} .* server\\n$`));
    // the guide shows 7459368 bytes; the simulated build is within its documented tolerance
    expect(Math.abs(server!.length - 7459368) / 7459368).toBeLessThan(0.05);
    const file = await run('file bin/server');
    expect(file.stdout).toBe('bin/server: ELF 64-bit LSB executable, x86-64, version 1 (SYSV), statically linked, stripped\n');
    const bin = await run('docker build --output=bin --target=binaries . && ls bin');
    expect(bin.stdout).toBe('client\nserver\n');
    expect(ws.bytes('bin/client')).toBeInstanceOf(Uint8Array);
    // the exported binary runs in the terminal as it does in the image: nothing listens on the terminal's localhost:3000
    const ran = await run('./bin/client; echo "exit $?"');
    expect(ran.stdout).toBe('buildme: a tiny client and server for learning multi-stage builds\nClient ready. Asking the server at http://localhost:3000\nexit 1\n');
    expect(ran.stderr).toBe('no server is listening yet: Get "http://localhost:3000/?name=": dial tcp 127.0.0.1:3000: connect: connection refused\n');
    const tar = await run('docker build -o type=tar,dest=out.tar --target=server . && tar -tf out.tar');
    expect(tar.stdout).toContain('bin/server\n');
    expect(ws.bytes('out.tar')).toBeInstanceOf(Uint8Array);
    expect((await run('download bin/server')).exitCode).toBe(0);
    expect(downloads).toEqual(['server']);
  }, 180_000);

  it('an output\'s bin/ is in the next build\'s context unless .dockerignore excludes it', async () => {
    const dockerfile = ws.read('Dockerfile')!;
    const ignore = ws.read('.dockerignore')!;
    try {
      ws.update('Dockerfile', 'FROM scratch\nCOPY bin/server /copied\n');
      expect(ignore).toContain('bin/');
      const ignored = await run('docker build --progress=plain -o type=local,dest=again .');
      expect(ignored.exitCode).toBe(1);
      expect(ignored.stderr).toMatch(/ERROR: failed to solve: failed to compute cache key: failed to calculate checksum of ref \S+: "\/bin\/server": not found/);
      ws.update('.dockerignore', ignore.replace('bin/\n', ''));
      const copied = await run("docker build --progress=plain -o type=local,dest=again . && sha256sum bin/server again/copied | cut -d' ' -f1 | uniq | wc -l");
      expect(copied.stderr).toMatch(/#\d+ \[1\/1\] COPY bin\/server \/copied\n/);
      expect(copied.stdout.trim()).toBe('1');
      // byte for byte, compared as buffers: toEqual walks a multi-megabyte array element by element (~35 s for 8 MB)
      const copiedBytes = ws.bytes('again/copied')!;
      const serverBytes = ws.bytes('bin/server')!;
      expect(copiedBytes.length).toBe(serverBytes.length);
      expect(Buffer.compare(copiedBytes, serverBytes)).toBe(0);
    } finally {
      ws.update('Dockerfile', dockerfile);
      ws.update('.dockerignore', ignore);
    }
  }, 60_000);

  it('refuses a redirection over the Dockerfile being built; the Dockerfile is unchanged', async () => {
    const before = ws.read('Dockerfile');
    const r = await run('docker build --check . > Dockerfile');
    expect(r.stderr).toContain('stageplay: Dockerfile: not changed: it is the Dockerfile this line builds (your Dockerfile is unchanged)\n');
    expect(ws.read('Dockerfile')).toBe(before);
  }, 60_000);
});
