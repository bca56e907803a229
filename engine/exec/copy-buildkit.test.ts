/**
 * COPY ownership and modes as BuildKit's frontend tests state them (moby/buildkit
 * frontend/dockerfile/dockerfile_copy_test.go); each case names the Go test it follows.
 * The images are built in the sandbox and their files read back from the result.
 */
import { describe, expect, it } from 'vitest';
import { build } from '../build/build.ts';
import { filesOf, testDeps } from '../build/testing/project.ts';

async function built(dockerfile: string, context: Record<string, string> = {}, target?: string) {
  const r = await build({ dockerfile, context: filesOf(context), ...(target ? { target } : {}) }, testDeps());
  const fs = r.filesystems[0]!;
  return {
    owner: (p: string) => {
      const st = fs.stat(p);
      return st ? `${st.uid}:${st.gid}` : 'missing';
    },
    mode: (p: string) => (fs.stat(p)?.mode ?? -1).toString(8).padStart(4, '0'),
  };
}

describe('testCopyChownExistingDir: a directory copied into a new or an existing destination', () => {
  const dockerfile = `
FROM busybox AS source
RUN touch /file && chown 100:200 /file \\
 && mkdir -p /dir/subdir \\
 && touch /dir/subdir/nestedfile \\
 && chown 100:200 /dir \\
 && chown 101:201 /dir/subdir \\
 && chown 102:202 /dir/subdir/nestedfile

FROM busybox AS test_base
RUN mkdir -p /existingdir/existingsubdir \\
 && touch /existingdir/existingfile \\
 && chown 500:600 /existingdir \\
 && chown 501:601 /existingdir/existingsubdir \\
 && chown 501:601 /existingdir/existingfile

FROM test_base AS copy_from
COPY --from=source /file .
COPY --from=source /dir /dir
COPY --from=source /dir/. /existingdir

FROM test_base AS copy_from_chowned
COPY --from=source --chown=300:400 /file .
COPY --from=source --chown=300:400 /dir /dir
COPY --from=source --chown=300:400 /dir/. /existingdir
`;
  it('without --chown: the new destination directory is root-owned, its contents keep their owners, an existing one is left as it was', async () => {
    const { owner } = await built(dockerfile, {}, 'copy_from');
    expect(
      ['/file', '/dir', '/dir/subdir', '/dir/subdir/nestedfile', '/existingdir', '/existingdir/existingsubdir', '/existingdir/existingfile', '/existingdir/subdir', '/existingdir/subdir/nestedfile'].map(
        (p) => [p, owner(p)],
      ),
    ).toEqual([
      ['/file', '100:200'],
      ['/dir', '0:0'],
      ['/dir/subdir', '101:201'],
      ['/dir/subdir/nestedfile', '102:202'],
      ['/existingdir', '500:600'],
      ['/existingdir/existingsubdir', '501:601'],
      ['/existingdir/existingfile', '501:601'],
      ['/existingdir/subdir', '101:201'],
      ['/existingdir/subdir/nestedfile', '102:202'],
    ]);
  });
  it('with --chown: everything copied or created is re-owned, an existing destination directory and its other files are not', async () => {
    const { owner } = await built(dockerfile, {}, 'copy_from_chowned');
    expect(
      ['/file', '/dir', '/dir/subdir', '/dir/subdir/nestedfile', '/existingdir', '/existingdir/existingsubdir', '/existingdir/existingfile', '/existingdir/subdir', '/existingdir/subdir/nestedfile'].map(
        (p) => [p, owner(p)],
      ),
    ).toEqual([
      ['/file', '300:400'],
      ['/dir', '300:400'],
      ['/dir/subdir', '300:400'],
      ['/dir/subdir/nestedfile', '300:400'],
      ['/existingdir', '500:600'],
      ['/existingdir/existingsubdir', '501:601'],
      ['/existingdir/existingfile', '501:601'],
      ['/existingdir/subdir', '300:400'],
      ['/existingdir/subdir/nestedfile', '300:400'],
    ]);
  });
});

describe('testCopyChmod: octal --chmod on files and the directories COPY creates for them', () => {
  it('modes', async () => {
    const { mode } = await built(
      `
FROM busybox AS base
RUN mkdir -m 0777 /out
COPY --chmod=0644 foo /
COPY --chmod=777 bar /baz
COPY --chmod=0 foo /foobis
COPY --chmod=777 foo /parent/foo
COPY --chmod=770 foo /parent/sub/foo
ARG mode=755
COPY --chmod=\${mode} foo /footer
`,
      { foo: 'foo-contents', bar: 'bar-contents' },
    );
    expect(['/foo', '/baz', '/foobis', '/parent', '/parent/sub', '/footer'].map(mode)).toEqual(['0644', '0777', '0000', '0777', '0770', '0755']);
  });
});

describe('testChmodNonOctal: symbolic --chmod applies to the source mode, as chmod(1) would', () => {
  // /input/file is 0666 and /input/dir 0124, as in the Go test
  const base = `
FROM alpine AS base
RUN mkdir /input && touch /input/file && chmod 666 /input/file && mkdir /input/dir && chmod 124 /input/dir
RUN mkdir -p /input/dirs/d1 /input/dirs/d2 /input/dirs/d3 \\
 && cp -a /input/dir /input/dirs/d1/d1 && cp -a /input/dir /input/dirs/d2/d2 && cp -a /input/dir /input/dirs/d3/d3
FROM scratch AS result
COPY --from=base --chmod=go-w /input/file /f1
COPY --from=base --chmod=u=rw,g=r,o=r /input/file /f2
COPY --from=base --chmod=a+X /input/file /f3
COPY --from=base --chmod=go-w /input/dirs/d1 /
COPY --from=base --chmod=u+rw,g+r,o-x,o+w /input/dirs/d2 /
COPY --from=base --chmod=a+X /input/dirs/d3 /
`;
  it.each([
    ['/f1', '0644'], // 666 go-w
    ['/f2', '0644'],
    ['/f3', '0666'], // X: no execute bit on a file stays none
    ['/d1', '0104'], // 124 go-w
    ['/d2', '0766'],
    ['/d3', '0135'], // X on a directory
  ])('%s is %s', async (path, want) => {
    const { mode } = await built(base);
    expect(mode(path)).toBe(want);
  });
  it('the destination directory that receives a directory\'s contents keeps its mode', async () => {
    const { mode } = await built(base.replace('/input/dirs/d1 /\n', '/input/dirs/d1 /new/\n'));
    expect([mode('/new'), mode('/new/d1')]).toEqual(['0755', '0104']);
  });
});

describe('testCopyParentsMissingDirectory: --parents with a pivot, a missing file and wildcards that match nothing', () => {
  const dockerfile = (copy: string) => `
FROM alpine AS base
WORKDIR /test
RUN mkdir -p a/b/c/d/e && touch a/b/c/d/foo && touch a/b/c/d/e/bay

FROM alpine
${copy}
`;
  async function out(copy: string): Promise<string[]> {
    const r = await build({ dockerfile: dockerfile(copy), context: filesOf({}) }, testDeps());
    const fs = r.filesystems[0]!;
    return fs.exists('/out') ? ['/out/', ...fs.entries('/out').map((e) => e.path + (e.type === 'dir' ? '/' : ''))] : [];
  }
  it('normal: the whole path is kept', async () => {
    expect(await out('COPY --from=base --parents /test/a/b/c/d /out/')).toEqual([
      '/out/', '/out/test/', '/out/test/a/', '/out/test/a/b/', '/out/test/a/b/c/', '/out/test/a/b/c/d/', '/out/test/a/b/c/d/e/', '/out/test/a/b/c/d/e/bay', '/out/test/a/b/c/d/foo',
    ]);
  });
  it('withpivot: the path below /./ is kept', async () => {
    expect(await out('COPY --from=base --parents /test/a/b/./c/d /out/')).toEqual(['/out/', '/out/c/', '/out/c/d/', '/out/c/d/e/', '/out/c/d/e/bay', '/out/c/d/foo']);
  });
  it('nonexistentfile: not found', async () => {
    await expect(out('COPY --from=base --parents /test/nonexistent-file /out/')).rejects.toThrow(/failed to calculate checksum of ref .*: "\/test\/nonexistent-file": not found/);
  });
  it('wildcard-nonexistent: no error, the destination is still made', async () => {
    expect(await out('COPY --from=base --parents /test/a/b2*/c /out/')).toEqual(['/out/']);
  });
  it('wildcard-afterpivot: no error, the destination is still made', async () => {
    expect(await out('COPY --from=base --parents /test/a/b/./c2* /out/')).toEqual(['/out/']);
  });
});

describe('testAddChecksum (NonHTTPSource): --checksum pins a download, so a local source is refused', () => {
  it.each([
    ['ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d foo /tmp/foo', 'checksum requires HTTP(S) or Git sources'],
    ['ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d foo bar /tmp/', "checksum can't be specified for multiple sources"],
  ])('%s', async (line, message) => {
    await expect(build({ dockerfile: `FROM alpine\n${line}\n`, context: filesOf({ foo: 'local file', bar: 'x' }) }, testDeps())).rejects.toMatchObject({
      message,
      ranges: [{ start: { line: 2 } }],
    });
  });
});

describe('testSymlinkDestination: COPY into a dangling symlink an extracted tar made', () => {
  it('the link is followed inside the root and the directory it names is made', async () => {
    const { tarHeader } = await import('../image/tar.ts');
    const header = tarHeader({ name: 'symlink', type: 'symlink', linkname: '../tmp/symlink-target', mode: 0o755, uid: 0, gid: 0, size: 0, mtime: 0 });
    const tar = new Uint8Array(header.length + 1024);
    tar.set(header);
    const context = [
      ...filesOf({ foo: 'content0' }),
      { path: 't.tar', type: 'file' as const, mode: 0o644, mtime: 1_700_000_000, content: tar },
    ];
    const r = await build({ dockerfile: '\nFROM scratch\nADD t.tar /\nCOPY foo /symlink/\n', context }, testDeps());
    const fs = r.filesystems[0]!;
    expect(new TextDecoder().decode(fs.readFile('/tmp/symlink-target/foo'))).toBe('content0');
    expect(fs.lstat('/symlink')).toMatchObject({ type: 'symlink' });
  });
});

describe('testExcludedFilesOnCopy: --exclude patterns, per source directory, with symlinks and a dangling one', () => {
  const context = [
    ...filesOf({
      'dir1/file-101.png': '2', 'dir1/file-102.txt': '3', 'dir1/file-103.jpeg': '4',
      'dir2/file-201.pdf': '6', 'dir2/file-202.jpeg': '7', 'dir2/file-203.png': '8',
      'dir3/file-301.mp3': '9', 'dir3/file-302.mpeg': '10',
      'dir4/file-401.txt': '11',
    }),
    { path: 'dir4/file-402.txt', type: 'symlink' as const, mode: 0o777, mtime: 1_700_000_000, target: 'file-401.txt' },
    { path: 'dir4/file-403.txt', type: 'symlink' as const, mode: 0o777, mtime: 1_700_000_000, target: 'file-404.txt' },
  ];
  const dockerfile = `
FROM scratch as builder1
COPY --exclude=*/*.png --exclude=*/*.jpeg . /1
FROM scratch as builder2
COPY --exclude=*/*.pdf --exclude=*/*.txt . /2
FROM scratch as builder3
ADD --exclude=*.mp3 dir3/ /3/
FROM scratch as builder4
COPY --exclude=*.mp3 --exclude=*.jpeg --exclude=*.png --exclude=*.pdf --exclude=*.txt dir* /4/
FROM scratch as builder5
ADD --exclude=*.mp* --exclude=*.jpeg --exclude=*.png --exclude=*.pdf dir* /5
FROM scratch as builder6
ADD --exclude=* dir* /6
FROM scratch
COPY --from=builder1 / /builder1
COPY --from=builder2 / /builder2
COPY --from=builder3 / /builder3
COPY --from=builder4 / /builder4
COPY --from=builder5 / /builder5
COPY --from=builder6 / /builder6
`;
  it('every file and link as BuildKit leaves it', async () => {
    const r = await build({ dockerfile, context }, testDeps());
    const fs = r.filesystems[0]!;
    const files = fs.entries('/').filter((e) => e.type !== 'dir').map((e) => {
      const n = fs.get(e.path, false)!;
      return `${e.path} ${n.kind === 'symlink' ? `-> ${n.target}` : new TextDecoder().decode(fs.readFile(e.path))}`;
    });
    expect(files).toEqual([
      '/builder1/1/dir1/file-102.txt 3',
      '/builder1/1/dir2/file-201.pdf 6',
      '/builder1/1/dir3/file-301.mp3 9',
      '/builder1/1/dir3/file-302.mpeg 10',
      '/builder1/1/dir4/file-401.txt 11',
      '/builder1/1/dir4/file-402.txt -> file-401.txt',
      '/builder1/1/dir4/file-403.txt -> file-404.txt',
      '/builder2/2/dir1/file-101.png 2',
      '/builder2/2/dir1/file-103.jpeg 4',
      '/builder2/2/dir2/file-202.jpeg 7',
      '/builder2/2/dir2/file-203.png 8',
      '/builder2/2/dir3/file-301.mp3 9',
      '/builder2/2/dir3/file-302.mpeg 10',
      '/builder3/3/file-302.mpeg 10',
      '/builder4/4/file-302.mpeg 10',
      '/builder5/5/file-102.txt 3',
      '/builder5/5/file-401.txt 11',
      '/builder5/5/file-402.txt -> file-401.txt',
      '/builder5/5/file-403.txt -> file-404.txt',
    ]);
    expect(fs.entries('/builder6/6')).toEqual([]);
  });
});

describe('COPY modes in the corners fsutil decides', () => {
  it('a symbolic --chmod without who is for all: umask 0, as mode.ParseWithUmask(s, 0)', async () => {
    const { mode } = await built('FROM alpine AS base\nRUN touch /f && chmod 600 /f\nFROM scratch\nCOPY --from=base --chmod=+w /f /w\nCOPY --from=base --chmod=+x,g+r /f /x\n');
    expect([mode('/w'), mode('/x')]).toEqual(['0622', '0751']);
  });
  it('--exclude: a copied subdirectory keeps its source mode and owner', async () => {
    const { mode, owner } = await built(
      'FROM alpine AS base\nRUN mkdir -p /src/sub && chmod 700 /src/sub && chown 5:6 /src/sub && touch /src/sub/a /src/sub/b.txt\nFROM scratch\nCOPY --from=base --exclude=*.txt /src /out\n',
    );
    expect([mode('/out/sub'), owner('/out/sub')]).toEqual(['0700', '5:6']);
  });
});

describe('testDockerfileAddArchiveThroughAbsoluteSymlink: an archive extracted through an absolute symlink another archive made', () => {
  it('files and a hard link land under the link target', async () => {
    const { tarHeader, tarPadding } = await import('../image/tar.ts');
    const tarOf = (entries: { name: string; type: 'file' | 'dir' | 'symlink' | 'hardlink'; linkname?: string; data?: string; mode: number }[]) => {
      const parts: Uint8Array[] = [];
      for (const e of entries) {
        const data = new TextEncoder().encode(e.data ?? '');
        parts.push(tarHeader({ name: e.name, type: e.type, mode: e.mode, uid: 0, gid: 0, size: data.length, mtime: 0, ...(e.linkname ? { linkname: e.linkname } : {}) }));
        if (e.type === 'file') parts.push(data, tarPadding(data.length));
      }
      parts.push(new Uint8Array(1024));
      const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const p of parts) (out.set(p, at), (at += p.length));
      return out;
    };
    const rootfs = tarOf([
      { name: 'run/', type: 'dir', mode: 0o755 },
      { name: 'var/', type: 'dir', mode: 0o755 },
      { name: 'var/run', type: 'symlink', linkname: '/run', mode: 0o777 },
    ]);
    const head = 'ref: refs/heads/main\n';
    const payload = tarOf([
      { name: 'var/run/act/', type: 'dir', mode: 0o755 },
      { name: 'var/run/act/actions/', type: 'dir', mode: 0o755 },
      { name: 'var/run/act/actions/broad/', type: 'dir', mode: 0o755 },
      { name: 'var/run/act/actions/broad/.git/', type: 'dir', mode: 0o755 },
      { name: 'var/run/act/actions/broad/.git/HEAD', type: 'file', data: head, mode: 0o644 },
      { name: 'var/run/act/actions/broad/.git/HEAD.link', type: 'hardlink', linkname: 'var/run/act/actions/broad/.git/HEAD', mode: 0o644 },
    ]);
    const file = (path: string, content: Uint8Array) => ({ path, type: 'file' as const, mode: 0o600, mtime: 1_700_000_000, content });
    const r = await build({ dockerfile: '\nFROM scratch\nADD rootfs.tar /\nADD payload.tar /\n', context: [file('rootfs.tar', rootfs), file('payload.tar', payload)] }, testDeps());
    const fs = r.filesystems[0]!;
    const read = (p: string) => new TextDecoder().decode(fs.readFile(p));
    expect([read('/run/act/actions/broad/.git/HEAD'), read('/run/act/actions/broad/.git/HEAD.link')]).toEqual([head, head]);
    expect(fs.lstat('/var/run')).toMatchObject({ type: 'symlink' });
  });
});

describe('testCopyChownCreateDest: --chown names from the destination passwd, expanded from ENV and ARG', () => {
  it('the copied tree is owned by the named users', async () => {
    const r = await build(
      {
        dockerfile: '\nFROM busybox\nARG group\nENV owner user01\nRUN adduser -D user\nRUN adduser -D user01\nCOPY --chown=user:user . /dest\nCOPY --chown=${owner}:${group} . /dest01\n',
        context: filesOf({ f: 'x' }),
        buildArgs: { group: 'user' },
      },
      testDeps(),
    );
    const fs = r.filesystems[0]!;
    const passwd = new TextDecoder().decode(fs.readFile('/etc/passwd'));
    const uid = (name: string) => Number(passwd.split('\n').find((l) => l.startsWith(`${name}:`))!.split(':')[2]);
    const group = new TextDecoder().decode(fs.readFile('/etc/group'));
    const gid = (name: string) => Number(group.split('\n').find((l) => l.startsWith(`${name}:`))!.split(':')[2]);
    expect(fs.stat('/dest')).toMatchObject({ uid: uid('user'), gid: gid('user') });
    expect(fs.stat('/dest01')).toMatchObject({ uid: uid('user01'), gid: gid('user') });
    expect(fs.stat('/dest01/f')).toMatchObject({ uid: uid('user01'), gid: gid('user') });
  });
});

describe('COPY through symlinks (testCopyThroughSymlinkContext, testCopyThroughSymlinkMultiStage, testCopySymlinks, testCopyFollowAllSymlinks)', () => {
  const link = (path: string, target: string) => ({ path, type: 'symlink' as const, mode: 0o777, mtime: 1_700_000_000, target });
  const text = (fs: { readFile(p: string): Uint8Array }, p: string) => new TextDecoder().decode(fs.readFile(p));
  it('testCopyThroughSymlinkContext: a source path through a context symlink', async () => {
    const r = await build({ dockerfile: '\nFROM scratch\nCOPY link/foo .\n', context: [...filesOf({ 'sub/foo': 'contents' }), link('link', 'sub')] }, testDeps());
    expect(text(r.filesystems[0]!, '/foo')).toBe('contents');
  });
  it('testCopyThroughSymlinkMultiStage: source paths through absolute and relative links of a stage', async () => {
    const r = await build(
      {
        dockerfile: '\nFROM busybox AS build\nRUN mkdir -p /out/sub && ln -s /out/sub /sub && ln -s out/sub /sub2 && echo -n "data" > /sub/foo\nFROM scratch\nCOPY --from=build /sub/foo .\nCOPY --from=build /sub2/foo bar\n\t',
        context: filesOf({}),
      },
      testDeps(),
    );
    expect([text(r.filesystems[0]!, '/foo'), text(r.filesystems[0]!, '/bar')]).toEqual(['data', 'data']);
  });
  it('testCopySymlinks: a named link and wildcard matches are followed', async () => {
    const context = [
      ...filesOf({ bar: 'bar-contents', 'sub/lfile': 'lfile-contents', 'sub/subfile': 'subfile-contents', 'sub/baz': 'baz-contents' }),
      link('foo', 'bar'), link('sub/l0', 'subfile'), link('sub/l1', 'second'), link('sub/second', 'baz'),
    ];
    const r = await build({ dockerfile: '\nFROM scratch\nCOPY foo /\nCOPY sub/l* alllinks/\n', context }, testDeps());
    const fs = r.filesystems[0]!;
    expect(['/foo', '/alllinks/l0', '/alllinks/lfile', '/alllinks/l1'].map((p) => text(fs, p))).toEqual(['bar-contents', 'subfile-contents', 'lfile-contents', 'baz-contents']);
  });
  it('testCopyFollowAllSymlinks: a directory with a link out of it, and that link as a source, build (fsutil follows only the source path: the link stays a link inside the copied directory)', async () => {
    const context = [...filesOf({ bar: 'bar-contents' }), { path: 'foo', type: 'dir' as const, mode: 0o700, mtime: 1_700_000_000 }, link('foo/sub', '../bar')];
    const r = await build({ dockerfile: '\nFROM scratch\nCOPY foo /\nCOPY foo/sub bar\n', context }, testDeps());
    const fs = r.filesystems[0]!;
    expect(fs.get('/sub', false)).toMatchObject({ kind: 'symlink', target: '../bar' });
    expect(text(fs, '/bar')).toBe('bar-contents');
  });
});
