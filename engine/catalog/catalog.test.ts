import { describe, expect, it } from 'vitest';
import type { TreeEntry } from '../fs/types.ts';
import { readToolMarker } from '../toolchain/marker.ts';
import { CATALOG_CODES, CatalogError, generatedBytes, listCatalog, resolveImage } from './index.ts';
import type { CatalogImage } from './types.ts';

const dec = new TextDecoder();
const MB = 1e6;

/** Flattened view of an image's layers (later layers win), enough to look paths up. */
function flatten(img: CatalogImage): Map<string, TreeEntry> {
  const m = new Map<string, TreeEntry>();
  for (const l of img.layers) for (const e of l.entries) m.set(e.path, e);
  return m;
}

function read(e: TreeEntry | undefined): Uint8Array {
  if (!e?.content) throw new Error(`no content for ${e?.path}`);
  return e.content instanceof Uint8Array ? e.content : e.content.load();
}

const text = (e: TreeEntry | undefined) => dec.decode(read(e));
const marker = (e: TreeEntry | undefined) => readToolMarker(read(e).subarray(0, 4096));
const sizes = (img: CatalogImage) => ({
  size: img.layers.reduce((n, l) => n + l.size!, 0),
  compressed: img.layers.reduce((n, l) => n + l.compressedSize!, 0),
});

describe('catalog', () => {
  it('resolves every tag on every platform without generating content', () => {
    const before = generatedBytes.count;
    let n = 0;
    for (const repo of listCatalog()) {
      for (const tag of repo.tags) {
        for (const p of repo.platforms) {
          const img = resolveImage(`${repo.familiar}:${tag}`, p);
          expect(img.platform).toBe(p);
          expect(img.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
          expect(img.layers.length).toBe(img.config.history.filter((h) => !h.empty_layer).length);
          n++;
        }
      }
    }
    expect(n).toBeGreaterThan(300);
    expect(generatedBytes.count).toBe(before);
  });

  it('normalises references and aliases share digests', () => {
    const a = resolveImage('golang:1.20-alpine', 'linux/amd64');
    expect(a.ref).toBe('docker.io/library/golang:1.20-alpine');
    const b = resolveImage('docker.io/library/golang:1.20.14-alpine3.19', 'linux/amd64');
    expect(b.digest).toBe(a.digest);
    expect(b.manifestDigest).toBe(a.manifestDigest);
    expect(resolveImage('golang:1.20-alpine3.18', 'linux/amd64').digest).not.toBe(a.digest);
    expect(resolveImage('golang:1.20-alpine', 'linux/arm64').manifestDigest).not.toBe(a.manifestDigest);
    expect(resolveImage('alpine', 'linux/amd64').ref).toBe('docker.io/library/alpine:latest');
    expect(resolveImage('golangci/golangci-lint:v1.52', 'linux/amd64').ref).toBe('docker.io/golangci/golangci-lint:v1.52');
  });

  it('accepts @sha256 digests that match the catalog (index or platform manifest)', () => {
    const img = resolveImage('alpine:3.21', 'linux/arm64');
    expect(resolveImage(`alpine@${img.digest}`, 'linux/arm64').manifestDigest).toBe(img.manifestDigest);
    expect(resolveImage(`alpine:3.21@${img.manifestDigest}`, 'linux/arm64').digest).toBe(img.digest);
    expect(resolveImage(`alpine@${img.digest}`, 'linux/arm64').ref).toBe(`docker.io/library/alpine@${img.digest}`);
  });

  it('scratch is the empty image of any platform', () => {
    const s = resolveImage('scratch', 'linux/arm/v7');
    expect(s.layers).toEqual([]);
    expect(s.config.config).toEqual({ Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], WorkingDir: '/' });
    expect(s.config.architecture).toBe('arm');
    expect(s.config.variant).toBe('v7');
  });
});

describe('configs match the real images', () => {
  const PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
  const GOPATH_PATH = 'PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

  it('alpine and busybox', () => {
    expect(resolveImage('alpine:3.19', 'linux/amd64').config.config).toEqual({ Env: [PATH], Cmd: ['/bin/sh'], WorkingDir: '' });
    expect(resolveImage('busybox:1.36', 'linux/amd64').config.config).toEqual({ Env: [PATH], Cmd: ['sh'], WorkingDir: '' });
    const c = resolveImage('alpine:3.21', 'linux/arm/v7').config;
    expect([c.os, c.architecture, c.variant]).toEqual(['linux', 'arm', 'v7']);
    expect(c.history.map((h) => h.created_by)).toEqual(['ADD alpine-minirootfs-3.21.4-armv7.tar.gz / # buildkit', 'CMD ["/bin/sh"]']);
  });

  it('golang alpine: GOTOOLCHAIN=local from 1.21, PATH first, WorkingDir /go', () => {
    expect(resolveImage('golang:1.20-alpine', 'linux/amd64').config.config).toEqual({
      Env: [GOPATH_PATH, 'GOLANG_VERSION=1.20.14', 'GOPATH=/go'], Cmd: ['/bin/sh'], WorkingDir: '/go',
    });
    expect(resolveImage('golang:1.22-alpine', 'linux/amd64').config.config).toEqual({
      Env: [GOPATH_PATH, 'GOLANG_VERSION=1.22.12', 'GOTOOLCHAIN=local', 'GOPATH=/go'], Cmd: ['/bin/sh'], WorkingDir: '/go',
    });
  });

  it('plain golang runs bash; golangci-lint adds GOROOT and its CMD', () => {
    expect(resolveImage('golang:1.21', 'linux/amd64').config.config).toEqual({
      Env: [GOPATH_PATH, 'GOLANG_VERSION=1.21.13', 'GOTOOLCHAIN=local', 'GOPATH=/go'], Cmd: ['bash'], WorkingDir: '/go',
    });
    expect(resolveImage('golangci/golangci-lint:v1.52', 'linux/amd64').config.config).toEqual({
      Env: [GOPATH_PATH, 'GOLANG_VERSION=1.20.14', 'GOPATH=/go', 'GOROOT=/usr/local/go'], Cmd: ['golangci-lint'], WorkingDir: '/go',
    });
    expect(resolveImage('golangci/golangci-lint:v1.56', 'linux/arm64').config.config.Env).toEqual(
      [GOPATH_PATH, 'GOLANG_VERSION=1.22.12', 'GOTOOLCHAIN=auto', 'GOPATH=/go', 'GOROOT=/usr/local/go'],
    );
  });

  it('layer structure: alpine 1, golang:alpine 4, golang 6', () => {
    expect(resolveImage('alpine', 'linux/amd64').layers).toHaveLength(1);
    expect(resolveImage('busybox', 'linux/amd64').layers).toHaveLength(1);
    const ga = resolveImage('golang:1.20-alpine', 'linux/amd64');
    expect(ga.layers).toHaveLength(4);
    expect(ga.layers[0]).toBe(resolveImage('alpine:3.19', 'linux/amd64').layers[0]);
    expect(resolveImage('golang:1.20', 'linux/amd64').layers).toHaveLength(6);
  });

  it('rootfs.diff_ids come from the measured table, base first', () => {
    const img = resolveImage('golang:1.22-alpine', 'linux/amd64');
    expect(img.config.rootfs?.diff_ids).toEqual(img.layers.map((l) => l.diffId));
    expect(img.config.rootfs?.diff_ids[0]).toBe(resolveImage('alpine:3.21', 'linux/amd64').layers[0]!.diffId);
    // Go 1.21+ copies /usr/local/go with COPY --link: the same blob under Debian and Alpine
    expect(img.layers[2]!.digest).toBe(resolveImage('golang:1.22', 'linux/amd64').layers[4]!.digest);
    expect(img.layers.every((l) => /^sha256:[0-9a-f]{64}$/.test(l.digest!))).toBe(true);
  });
});

describe('sizes', () => {
  it.each(['3.18', '3.19', '3.20', '3.21'])('alpine:%s is 7–8 MB, 3–4 MB compressed', (v) => {
    const s = sizes(resolveImage(`alpine:${v}`, 'linux/amd64'));
    expect(s.size / MB).toBeGreaterThan(7);
    expect(s.size / MB).toBeLessThan(8);
    expect(s.compressed / MB).toBeGreaterThan(3);
    expect(s.compressed / MB).toBeLessThan(4);
  });

  it('golang:1.20-alpine ≈ 250 MB / 100 MB', () => {
    const s = sizes(resolveImage('golang:1.20-alpine', 'linux/amd64'));
    expect(s.size / MB).toBeGreaterThan(230);
    expect(s.size / MB).toBeLessThan(260);
    expect(s.compressed / MB).toBeGreaterThan(95);
    expect(s.compressed / MB).toBeLessThan(110);
  });

  it('plain golang is 800 MB+, busybox ≈ 4.3 MB', () => {
    for (const v of ['1.19', '1.20', '1.21', '1.22', '1.23', '1.24', '1.25']) {
      expect(sizes(resolveImage(`golang:${v}`, 'linux/amd64')).size / MB).toBeGreaterThan(800);
    }
    const b = sizes(resolveImage('busybox', 'linux/amd64'));
    expect(b.size / MB).toBeGreaterThan(4);
    expect(b.size / MB).toBeLessThan(4.6);
  });
});

describe('important paths', () => {
  it('alpine: sh, busybox applets, musl loader per arch, apk files, os-release', () => {
    const f = flatten(resolveImage('alpine:3.21', 'linux/amd64'));
    expect(f.get('/bin/sh')).toMatchObject({ type: 'symlink', target: '/bin/busybox' });
    expect(f.get('/bin/ls')).toMatchObject({ type: 'symlink', target: '/bin/busybox' });
    expect(marker(f.get('/bin/busybox'))).toBe('busybox');
    expect(marker(f.get('/sbin/apk'))).toBe('apk');
    expect(f.get('/lib/ld-musl-x86_64.so.1')?.type).toBe('file');
    expect(f.get('/etc/os-release')).toMatchObject({ type: 'symlink', target: '../usr/lib/os-release' });
    expect(text(f.get('/usr/lib/os-release'))).toContain('VERSION_ID=3.21.4\nPRETTY_NAME="Alpine Linux v3.21"');
    expect(text(f.get('/etc/apk/repositories'))).toBe(
      'https://dl-cdn.alpinelinux.org/alpine/v3.21/main\nhttps://dl-cdn.alpinelinux.org/alpine/v3.21/community\n');
    expect(text(f.get('/lib/apk/db/installed'))).toMatch(/P:musl\nV:1\.2\.5-r9\nA:x86_64\n/);
    expect(text(f.get('/etc/passwd'))).toMatch(/^root:x:0:0:root:\/root:\/bin\/sh\n/);
    expect(text(f.get('/etc/group'))).toMatch(/^root:x:0:root\n/);
    expect(f.get('/tmp')?.mode).toBe(0o1777);
    const arm = flatten(resolveImage('alpine:3.21', 'linux/arm64'));
    expect(arm.get('/lib/ld-musl-aarch64.so.1')?.type).toBe('file');
    expect(arm.has('/lib/ld-musl-x86_64.so.1')).toBe(false);
    expect(text(arm.get('/etc/apk/arch'))).toBe('aarch64\n');
  });

  it('busybox: applets are hard links to one marked inode', () => {
    const f = flatten(resolveImage('busybox:1.36', 'linux/amd64'));
    const first = f.get('/bin/[')!;
    expect(marker(first)).toBe('busybox');
    expect(f.get('/bin/busybox')).toMatchObject({ type: 'hardlink', target: '/bin/[' });
    expect(f.get('/bin/sh')).toMatchObject({ type: 'hardlink', target: '/bin/[' });
    expect(f.has('/etc/os-release')).toBe(false);
  });

  it('golang: go and gofmt are simulated tools, /go is 1777, ca-certificates installed', () => {
    const f = flatten(resolveImage('golang:1.20-alpine', 'linux/amd64'));
    expect(marker(f.get('/usr/local/go/bin/go'))).toBe('go');
    expect(marker(f.get('/usr/local/go/bin/gofmt'))).toBe('gofmt');
    expect(f.get('/usr/local/go/bin/go')?.mode).toBe(0o755);
    expect(text(f.get('/usr/local/go/VERSION'))).toMatch(/^go1\.20\.14\n/);
    expect(f.has('/usr/local/go/pkg/tool/linux_amd64/compile')).toBe(true);
    for (const d of ['/go', '/go/bin', '/go/src']) expect(f.get(d)).toMatchObject({ type: 'dir', mode: 0o1777 });
    expect(text(f.get('/lib/apk/db/installed'))).toContain('P:ca-certificates\n');
    expect(text(f.get('/etc/apk/world'))).toContain('ca-certificates\n');
    expect([...f.keys()].filter((p) => p.startsWith('/usr/local/go/')).length).toBeGreaterThan(1000);
    const arm = flatten(resolveImage('golang:1.22-alpine', 'linux/arm/v7'));
    expect(arm.has('/usr/local/go/pkg/tool/linux_arm/compile')).toBe(true);
    expect(text(arm.get('/usr/local/go/go.env'))).toContain('GOTOOLCHAIN=auto');
  });

  it('plain golang: Debian bookworm userland, bash, sh → dash', () => {
    const f = flatten(resolveImage('golang:1.20', 'linux/amd64'));
    expect(f.get('/bin')).toMatchObject({ type: 'symlink', target: 'usr/bin' });
    expect(f.get('/usr/bin/sh')).toMatchObject({ type: 'symlink', target: 'dash' });
    expect(marker(f.get('/usr/bin/bash'))).toBe('bash');
    expect(marker(f.get('/usr/bin/git'))).toBe('git');
    expect(text(f.get('/usr/lib/os-release'))).toContain('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"');
    expect(text(f.get('/etc/passwd'))).toMatch(/^root:x:0:0:root:\/root:\/bin\/bash\n/);
    expect(marker(f.get('/usr/local/go/bin/go'))).toBe('go');
  });

  it('golangci-lint: the binary in /usr/bin, safe.directory in /root/.gitconfig', () => {
    const f = flatten(resolveImage('golangci/golangci-lint:v1.52', 'linux/amd64'));
    expect(marker(f.get('/usr/bin/golangci-lint'))).toBe('golangci-lint');
    expect(text(f.get('/root/.gitconfig'))).toBe('[safe]\n\tdirectory = *\n');
    expect(f.get('/root')?.mode).toBe(0o700);
  });
});

describe('errors', () => {
  const fail = (ref: string, platform = 'linux/amd64'): CatalogError => {
    try {
      resolveImage(ref, platform);
    } catch (e) {
      expect(e).toBeInstanceOf(CatalogError);
      return e as CatalogError;
    }
    throw new Error(`${ref} resolved`);
  };

  it('an unknown repository names the catalog', () => {
    const e = fail('nginx');
    expect(e.code).toBe(CATALOG_CODES.notFound);
    expect(e.message).toMatch(/^docker\.io\/library\/nginx:latest: not found \(/);
    expect(e.message).toContain('alpine, busybox, golang, golangci/golangci-lint, scratch');
    expect(fail('ghcr.io/acme/tool:1').message).toMatch(/^ghcr\.io\/acme\/tool:1: not found/);
  });

  it('an unknown tag lists the tags', () => {
    const e = fail('golang:1.99-alpine');
    expect(e.code).toBe(CATALOG_CODES.unknownTag);
    expect(e.message).toMatch(/^docker\.io\/library\/golang:1\.99-alpine: not found \(the offline catalog has golang tags: 1, 1\.19, /);
    expect(e.data?.tags).toContain('1.20-alpine');
  });

  it('a missing platform says which exist, in BuildKit words', () => {
    const e = fail('golangci/golangci-lint:v1.52', 'linux/arm/v7');
    expect(e.code).toBe(CATALOG_CODES.noPlatform);
    expect(e.message).toContain('no match for platform in manifest: not found');
    expect(e.data?.platforms).toEqual(['linux/amd64', 'linux/arm64']);
    expect(fail('alpine', 'windows/amd64').code).toBe(CATALOG_CODES.noPlatform);
  });

  it('a digest the catalog does not have', () => {
    const e = fail(`alpine:3.21@sha256:${'0'.repeat(64)}`);
    expect(e.code).toBe(CATALOG_CODES.digestMismatch);
    expect(e.message).toMatch(/^docker\.io\/library\/alpine@sha256:0{64}: not found \(alpine:3\.21 is sha256:[0-9a-f]{64} in the offline catalog\)/);
  });

  it('invalid references and platforms', () => {
    expect(fail('Golang:1.20').message).toBe('invalid reference format: repository name (library/Golang) must be lowercase');
    expect(fail('golang', 'linux//amd64').code).toBe(CATALOG_CODES.invalid);
  });

  it('errors survive a JSON round trip with their code', () => {
    const e = fail('nginx');
    expect(JSON.parse(JSON.stringify(e))).toMatchObject({ code: 'catalog/not-found', name: 'CatalogError' });
  });
});
