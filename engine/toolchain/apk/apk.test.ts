import { describe, expect, it } from 'vitest';
import { sh } from '../sh/fixture.test-util.ts';
import { apk } from './apk.ts';
import { bash } from '../multicall/busybox.ts';
import { INDEX } from './packages.ts';
import { readDb } from './db.ts';

const tools = { apk, bash };

describe('apk', () => {
  it('installs a package with its dependencies, in apk’s output shape', async () => {
    const r = await sh('apk add --no-cache curl', { tools });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(
      [
        'fetch https://dl-cdn.alpinelinux.org/alpine/v3.18/main/x86_64/APKINDEX.tar.gz',
        'fetch https://dl-cdn.alpinelinux.org/alpine/v3.18/community/x86_64/APKINDEX.tar.gz',
        '(1/8) Installing ca-certificates-bundle (20230506-r0)',
        '(2/8) Installing brotli-libs (1.0.9-r14)',
        '(3/8) Installing c-ares (1.20.1-r0)',
        '(4/8) Installing libunistring (1.1-r1)',
        '(5/8) Installing libidn2 (2.3.4-r1)',
        '(6/8) Installing nghttp2-libs (1.57.0-r0)',
        '(7/8) Installing libcurl (8.4.0-r0)',
        '(8/8) Installing curl (8.4.0-r0)',
        'Executing busybox-1.36.1-r2.trigger',
        'OK: 5 MiB in 10 packages',
        '',
      ].join('\n'),
    );
    expect(r.fs.stat('/usr/bin/curl')).toMatchObject({ type: 'file', size: 252 * 1024, mode: 0o755 });
    const db = readDb(r.fs);
    expect(db.map((p) => p.name)).toContain('libcurl');
    expect(db.find((p) => p.name === 'curl')!.files).toEqual(['/usr/bin/curl']);
    expect(new TextDecoder().decode(r.fs.readFile('/etc/apk/world'))).toBe('alpine-baselayout\nbusybox\ncurl\n');
  });

  it('skips what is already installed and models time from packages and bytes', async () => {
    const first = await sh('apk add jq', { tools });
    const again = await sh('apk add jq', { tools, fs: first.fs });
    expect(again.stdout).not.toContain('Installing');
    expect(again.stdout).toContain('OK: ');
    const big = await sh('apk add build-base', { tools });
    expect(big.stdout).toContain('Installing gcc (12.2.1_git20220924-r10)');
    expect(big.modeledMs).toBeGreaterThan(first.modeledMs * 5);
    expect(first.modeledMs).toBeGreaterThan(again.modeledMs);
  });

  it('reports unknown packages like apk and exits 1', async () => {
    const r = await sh('apk add --no-cache curl foo', { tools });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe('ERROR: unable to select packages:\n  foo (no such package):\n    required by: world[foo]\n');
    expect(r.fs.stat('/usr/bin/curl')).toBeUndefined();
  });

  it('installs a --virtual group and removes it with its dependencies', async () => {
    const r = await sh('apk add --virtual .build-deps make jq && apk del .build-deps', { tools, env: { SOURCE_DATE_EPOCH: '1700000000' } });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('(4/4) Installing .build-deps (20231114.221320)');
    expect(r.stdout).toContain('Purging .build-deps (20231114.221320)');
    expect(r.stdout).toContain('Purging jq (1.6-r3)');
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('OK: 1 MiB in 2 packages');
    expect(r.fs.stat('/usr/bin/make')).toBeUndefined();
    expect(readDb(r.fs).map((p) => p.name)).toEqual(['musl', 'busybox']);
  });

  it('installs bash as a runnable shell', async () => {
    const r = await sh('apk add bash >/dev/null && bash -c "echo from \\$0"', { tools });
    expect(r.stdout).toBe('from bash\n');
    expect(r.exitCode).toBe(0);
  });

  it('needs root', async () => {
    const r = await sh('apk add curl', { tools, user: { uid: 1000, gid: 1000, name: 'u' } });
    expect(r.exitCode).toBe(99);
    expect(r.stderr).toContain('Permission denied');
  });

  it('update prints the indexes', async () => {
    const r = await sh('apk update', { tools });
    expect(r.stdout.split('\n')[0]).toBe('fetch https://dl-cdn.alpinelinux.org/alpine/v3.18/main/x86_64/APKINDEX.tar.gz');
    expect(r.stdout).toContain('distinct packages available');
  });

  it('has a consistent index: dependencies exist, file sizes add up to the installed size', () => {
    for (const p of INDEX.values()) {
      for (const d of p.depends) expect(INDEX.has(d), `${p.name} → ${d}`).toBe(true);
      const bytes = p.files.reduce((n, f) => n + (f[1] === '->' ? 0 : f[1]), 0);
      if (p.files.some((f) => f[1] !== '->')) expect(Math.abs(bytes - p.size) / p.size, p.name).toBeLessThan(0.1);
    }
  });
});
