import { describe, expect, it } from 'vitest';
import { build } from '../build/build.ts';
import { filesOf, testDeps } from '../build/testing/project.ts';
import { EngineError } from '../source/errors.ts';
import { copyDestination } from './copy.ts';
import { matchSource, segmentPattern } from './copy-sources.ts';
import { Snapshot } from '../fs/index.ts';

const CONTEXT = {
  'a.txt': 'a',
  'b.txt': 'b',
  'dir/x.txt': 'x',
  'dir/sub/y.txt': 'y',
  'sub/dir1/dir2/foo': 'foo',
  'app.tar': '',
};

/** Every path under `root` in the image after `lines` on top of alpine (WORKDIR /w). */
async function tree(lines: string, root = '/t'): Promise<string[]> {
  const r = await build({ dockerfile: `FROM alpine:3.21\nWORKDIR /w\n${lines}\n`, context: filesOf(CONTEXT) }, testDeps());
  const fs = r.filesystems[0]!;
  if (!fs.exists(root)) return [];
  if (fs.stat(root)!.type !== 'dir') return [root];
  return fs.entries(root).map((e) => e.path + (e.type === 'dir' ? '/' : ''));
}

describe('COPY path rules (fsutil copy + dispatchCopy)', () => {
  const table: [string, string, string[]][] = [
    ['file into a dir with trailing /', 'COPY a.txt /t/', ['/t/a.txt']],
    ['file to a new path without / is written as that path', 'COPY a.txt /t', ['/t']],
    ['directory copies its contents', 'COPY dir /t', ['/t/sub/', '/t/sub/y.txt', '/t/x.txt']],
    ['several sources into a dir', 'COPY a.txt b.txt /t/', ['/t/a.txt', '/t/b.txt']],
    ['wildcard; a matched dir contributes its contents', 'COPY sub/* /t/', ['/t/dir2/', '/t/dir2/foo']],
    ['wildcard matching files', 'COPY *.txt /t/', ['/t/a.txt', '/t/b.txt']],
    ['wildcard matching nothing is no error', 'COPY *.nope /t/', []],
    ['.. is clamped to the context root', 'COPY ../../a.txt /t/', ['/t/a.txt']],
    ['relative destination joins WORKDIR', 'COPY a.txt rel/\nRUN mkdir /t && cp -r /w/rel /t/', ['/t/rel/', '/t/rel/a.txt']],
    ['--parents keeps the structure', 'COPY --parents dir/sub/y.txt /t/', ['/t/dir/', '/t/dir/sub/', '/t/dir/sub/y.txt']],
    ['--exclude patterns match from the source root', 'COPY --exclude=*.txt dir /t', ['/t/sub/', '/t/sub/y.txt']],
    ['--exclude with ** matches at any depth', 'COPY --exclude=**/*.txt dir /t', ['/t/sub/']],
    ['heredoc source', 'COPY <<EOF /t/h.txt\nhello\nEOF', ['/t/', '/t/h.txt'].slice(1)],
  ];
  for (const [what, lines, want] of table) {
    it(what, async () => {
      expect(await tree(lines)).toEqual(want);
    });
  }

  it('COPY f /etc puts f inside the existing directory', async () => {
    const r = await build({ dockerfile: 'FROM alpine:3.21\nCOPY a.txt /etc\n', context: filesOf(CONTEXT) }, testDeps());
    expect(r.filesystems[0]!.stat('/etc/a.txt')?.type).toBe('file');
  });

  it('ownership is 0:0 whatever USER says; --chown uses the destination passwd; --chmod', async () => {
    const r = await build({
      dockerfile: 'FROM alpine:3.21\nUSER nobody\nCOPY a.txt /o/\nCOPY --chown=nobody a.txt /n/\nCOPY --chown=1:2 --chmod=0600 a.txt /m/\nCOPY --chmod=u=rwx,go=r b.txt /s/\n',
      context: filesOf(CONTEXT),
    }, testDeps());
    const fs = r.filesystems[0]!;
    expect(fs.stat('/o/a.txt')).toMatchObject({ uid: 0, gid: 0, mode: 0o644 });
    expect(fs.stat('/n/a.txt')).toMatchObject({ uid: 65534, gid: 65534 });
    expect(fs.stat('/m/a.txt')).toMatchObject({ uid: 1, gid: 2, mode: 0o600 });
    expect(fs.stat('/s/b.txt')).toMatchObject({ mode: 0o744 });
    const hist = (await r.images[0]!.configFile()).history!.map((h) => h.created_by);
    expect(hist).toContain('COPY --chown=1:2 --chmod=0600 a.txt /m/ # buildkit');
  });

  it('an unknown --chown user fails as BuildKit does', async () => {
    const err = await build({ dockerfile: 'FROM alpine:3.21\nCOPY --chown=ghost a.txt /\n', context: filesOf(CONTEXT) }, testDeps()).catch((e: unknown) => e);
    expect((err as Error).message).toBe('unable to convert uid/gid chown string to host mapping: can\'t find uid for user ghost: no such user: ghost');
  });

  it('a missing source fails computing the cache key, on the COPY line', async () => {
    const err = await build({ dockerfile: 'FROM alpine:3.21\n\nCOPY missing.txt /\n', context: filesOf(CONTEXT) }, testDeps()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).message).toMatch(/^failed to compute cache key: failed to calculate checksum of ref \S+: "\/missing.txt": not found$/);
    expect((err as EngineError).ranges[0]!.start.line).toBe(3);
  });

  it('COPY --link makes a layer independent of the layers below', async () => {
    const r = await build({ dockerfile: 'FROM alpine:3.21\nCOPY --link a.txt /deep/er/\n', context: filesOf(CONTEXT) }, testDeps());
    expect(r.filesystems[0]!.stat('/deep/er/a.txt')?.type).toBe('file');
    expect(r.filesystems[0]!.stat('/bin/busybox')?.type).toBe('file');
  });

  it('ADD unpacks a local tar; ADD of a URL fails clearly (offline)', async () => {
    const { tarHeader, TAR_END, tarPadding } = await import('../image/index.ts');
    const body = new TextEncoder().encode('inside');
    const tar = new Uint8Array([...tarHeader({ name: 'pkg/file', type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: 0, size: body.length }), ...body, ...tarPadding(body.length), ...TAR_END]);
    const ctx = [...filesOf(CONTEXT).filter((f) => f.path !== 'app.tar'), { path: 'app.tar', type: 'file' as const, mode: 0o644, mtime: 0, content: tar }];
    const r = await build({ dockerfile: 'FROM alpine:3.21\nADD app.tar /opt/\n', context: ctx }, testDeps());
    expect(new TextDecoder().decode(r.filesystems[0]!.readFile('/opt/pkg/file'))).toBe('inside');
    const { nodeDeps } = await import('../platform/node.ts');
    const tgz = await nodeDeps.gzip.gzip([tar]);
    const gzCtx = [{ path: 'app.tgz', type: 'file' as const, mode: 0o644, mtime: 0, content: tgz }];
    const gz = await build({ dockerfile: 'FROM alpine:3.21\nADD app.tgz /opt/\nADD --unpack=false app.tgz /raw/\n', context: gzCtx }, testDeps());
    expect(gz.filesystems[0]!.stat('/opt/pkg/file')?.type).toBe('file');
    expect(gz.filesystems[0]!.stat('/raw/app.tgz')?.type).toBe('file');
    const err = await build({ dockerfile: 'FROM alpine:3.21\nADD https://example.com/x.tgz /\n', context: [] }, testDeps()).catch((e: unknown) => e);
    expect((err as Error).message).toContain('stageplay runs offline');
  });

  it('unit: destination and wildcard helpers', () => {
    expect(copyDestination('.', '/w')).toEqual({ path: '/w', dir: true });
    expect(copyDestination('x', '/w')).toEqual({ path: '/w/x', dir: false });
    expect(copyDestination('/x/.', '/w')).toEqual({ path: '/x', dir: true });
    expect(segmentPattern('*.go').test('main.go')).toBe(true);
    expect(segmentPattern('[a-c]?').test('bz')).toBe(true);
    expect(segmentPattern('[^a]').test('a')).toBe(false);
    const snap = Snapshot.fromEntries([{ path: '/a/b/c.txt', type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: 0, content: new Uint8Array() }]);
    expect(matchSource(snap, 'a/*/c.txt', 'r').map((m) => m.path)).toEqual(['/a/b/c.txt']);
    expect(matchSource(snap, 'a/**/c.txt', 'r', true).map((m) => m.path)).toEqual(['/a/b/c.txt']);
  });
});
