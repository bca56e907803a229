import { beforeAll, describe, expect, it } from 'vitest';
import { nodeDeps } from '#engine/platform/node';
import { readBinaryInfo } from '#engine/toolchain/binary';
import { seedFiles } from '../workspace/seed.ts';
import { TestTerminal } from './test-terminal.test-util.ts';

const CLIENT_SAYS = 'Client ready. Asking the server at http://localhost:3000';
const dec = new TextDecoder();

let files: ReadonlyMap<string, string | Uint8Array> = seedFiles();
const session = new TestTerminal(() => files, { deps: nodeDeps, now: () => Date.parse('2026-01-01T00:00:00Z') });
const downloads: { name: string; bytes: Uint8Array; type: string }[] = [];

/** Run a line; `onStderr` sees each chunk as it is written (for streaming and Ctrl+C). */
async function run(line: string, opts: { signal?: AbortSignal; onStderr?: (s: string) => void } = {}) {
  let stdout = '';
  let stderr = '';
  let writes = 0;
  const r = await session.run(
    line,
    {
      stdout: (t) => (stdout += t),
      stderr: (t) => {
        stderr += t;
        writes++;
        opts.onStderr?.(t);
      },
      download: (name, bytes, type) => downloads.push({ name, bytes, type }),
    },
    opts.signal,
  );
  return { ...r, stdout, stderr, writes };
}

function sizeOf(row: string): number {
  const m = /([\d.]+)(B|kB|MB|GB)$/.exec(row.trim())!;
  return Number(m[1]) * { B: 1, kB: 1e3, MB: 1e6, GB: 1e9 }[m[2] as 'B' | 'kB' | 'MB' | 'GB'];
}

describe('terminal builds: real builds on the page store', () => {
  let first: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => {
    first = await run('docker build --tag=buildme --target=client .');
  }, 60_000);

  it('builds the client target with BuildKit plain progress, streamed step by step', () => {
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toBe('');
    expect(first.stderr).toMatch(/^#1 \[internal\] load build definition from Dockerfile\n/);
    expect(first.stderr).toMatch(/\n#\d+ \[build-client 1\/1\] RUN go build -o \/bin\/client \.\/cmd\/client\n/);
    expect(first.stderr).toMatch(/\n#\d+ naming to docker\.io\/library\/buildme:latest done\n/);
    expect(first.writes).toBeGreaterThan(20);
  });

  it('lists it in docker images at the guide\'s ~4.2MB, and history shows the COPY and ENTRYPOINT', async () => {
    const r = await run('docker images buildme');
    const rows = r.stdout.trimEnd().split('\n');
    expect(rows[0]).toMatch(/^REPOSITORY\s+TAG\s+IMAGE ID\s+CREATED\s+SIZE$/);
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatch(/^buildme\s+latest\s+[0-9a-f]{12}\s/);
    expect(sizeOf(rows[1]!)).toBeGreaterThan(3.8e6);
    expect(sizeOf(rows[1]!)).toBeLessThan(4.6e6);
    expect((await run('docker images nothing*')).stdout.trimEnd().split('\n')).toHaveLength(1);
    const h = await run('docker history buildme');
    expect(h.stdout).toMatch(/ENTRYPOINT \["\/bin\/client"\]/);
    expect(h.stdout).toMatch(/COPY \/bin\/client \/bin\/ # buildkit/);
    const inspect = JSON.parse((await run('docker inspect buildme')).stdout) as { RepoTags: string[] }[];
    expect(inspect[0]!.RepoTags).toEqual(['buildme:latest']);
  });

  it('runs the image: the client prints its lines, then Go\'s connection refused (no server in its container)', async () => {
    const r = await run('docker run --rm buildme');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe('no server is listening yet: Get "http://localhost:3000/?name=": dial tcp 127.0.0.1:3000: connect: connection refused\n');
    expect(r.stdout).toContain(CLIENT_SAYS);
    expect((await run('docker run --rm nope')).exitCode).toBe(125);
  });

  it('keeps the layer cache for the page: a second build is all CACHED', async () => {
    const r = await run('docker build --progress=plain -t buildme --target=client .');
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toMatch(/\[build-client 1\/1\] RUN go build[^\n]*\n#\d+ CACHED\n/);
    expect(r.stderr).not.toMatch(/go: downloading/);
  }, 30_000);

  it('writes docker save -o and -o type=docker / type=local / -o DIR outputs into the workspace; download FILE downloads', async () => {
    downloads.length = 0;
    const saved = await run('docker save -o client.tar buildme');
    expect(saved.exitCode).toBe(0);
    expect(dec.decode(saved.written!.get('client.tar') as Uint8Array)).toContain('manifest.json');
    expect(downloads).toEqual([]);
    expect((await run('docker save buildme:latest')).stderr).toBe("stageplay: docker save writes its archive with -o FILE here (the shell's pipes and redirections carry text)\n");
    const r = await run('docker build -t buildme --target=client -o type=docker,dest=out/x.tar -o type=local,dest=out/dir . && ls out out/dir/bin');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('out:\ndir\nx.tar\n\nout/dir/bin:\nclient\n');
    expect([...r.written!.keys()].sort()).toEqual(expect.arrayContaining(['out/dir/bin/client', 'out/x.tar']));
    const client = r.written!.get('out/dir/bin/client');
    expect(client).toBeInstanceOf(Uint8Array);
    expect(readBinaryInfo(client as Uint8Array)).toBeTruthy();
    expect(downloads).toEqual([]);
    const withBin = new Map([...files, ['bin/client', client!]]);
    files = withBin;
    try {
      const f = await run('file bin/client; download bin/client');
      expect(f.stdout).toMatch(/^bin\/client: ELF 64-bit LSB executable, x86-64, version 1 \(SYSV\), statically linked, stripped\n/);
      expect(downloads.map((d) => [d.name, d.bytes.length])).toEqual([['client', (client as Uint8Array).length]]);
    } finally {
      files = seedFiles();
    }
    expect((await run('docker save -o a.tar missing')).stderr).toBe('Error response from daemon: No such image: missing\n');
  }, 30_000);

  it('prints a failing step as buildx does: the excerpt, then failed to solve', async () => {
    files = new Map(seedFiles()).set('Dockerfile', seedFiles().get('Dockerfile')!.replace('./cmd/client', './cmd/nope'));
    try {
      const r = await run('docker build --target=client .');
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toMatch(/\n#\d+ ERROR: process "\/bin\/sh -c go build -o \/bin\/client \.\/cmd\/nope" did not complete successfully: exit code: 1\n/);
      expect(r.stderr).toContain('Dockerfile:11\n--------------------\n');
      expect(r.stderr).toContain('  11 | >>> RUN go build -o /bin/client ./cmd/nope\n');
      expect(r.stderr.trimEnd().split('\n').at(-1)).toBe(
        'ERROR: failed to solve: process "/bin/sh -c go build -o /bin/client ./cmd/nope" did not complete successfully: exit code: 1',
      );
    } finally {
      files = seedFiles();
    }
  }, 30_000);

  it('Ctrl+C cancels the build: the running step ends CANCELED, exit 1', async () => {
    const controller = new AbortController();
    const r = await run('docker build --no-cache --target=client .', {
      signal: controller.signal,
      onStderr: (s) => {
        if (s.includes('RUN go mod download')) controller.abort();
      },
    });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/\n#\d+ CANCELED\n/);
    expect(r.stderr.trimEnd().split('\n').at(-1)).toMatch(/^ERROR: failed to solve: .*cancel/i);
  }, 30_000);

  it('removes images with rmi and image prune', async () => {
    expect((await run('docker build -t other --target=client .')).exitCode).toBe(0);
    const rmi = await run('docker rmi other');
    expect(rmi.stdout).toBe('Untagged: other:latest\n');
    const prune = await run('docker image prune -a -f');
    expect(prune.stdout).toMatch(/^Deleted Images:\nuntagged: buildme:latest\ndeleted: sha256:[0-9a-f]{64}\n/);
    expect(prune.stdout).toMatch(/Total reclaimed space: [\d.]+MB\n$/);
    expect((await run('docker images -q')).stdout).toBe('');
  }, 30_000);

  it('empties the build cache with docker builder prune -f (without -f it only asks)', async () => {
    const ask = await run('docker builder prune');
    expect(ask.stdout).toMatch(/^WARNING! This will remove all dangling build cache\. Are you sure you want to continue\? \[y\/N\]/);
    expect((await run('docker build --progress=plain -t buildme --target=client .')).stderr).toMatch(/RUN go build[^\n]*\n#\d+ CACHED\n/);
    const prune = await run('docker builder prune -f');
    expect(prune.exitCode).toBe(0);
    expect(prune.stdout).toMatch(/^ID\s+RECLAIMABLE\s+SIZE\s+LAST ACCESSED\n/);
    expect(prune.stdout).toMatch(/\nTotal:\s+[\d.]+[kMG]?B\n$/);
    const again = await run('docker build --progress=plain -t buildme --target=client .');
    expect(again.exitCode).toBe(0);
    expect(again.stderr).not.toMatch(/RUN go build[^\n]*\n#\d+ CACHED\n/);
    expect((await run('docker builder prune -f')).stdout).toMatch(/Total:\s+[\d.]+[kMG]?B\n$/);
  }, 60_000);
});
