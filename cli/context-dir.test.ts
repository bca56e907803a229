/** The build context from disk: .dockerignore'd files are never read; too much is a clear error. */
import { describe, expect, it } from 'vitest';
import { closeSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cli.ts';
import { buildContext } from '#engine/context';
import { ContextDirError, MAX_CONTEXT_BYTES, readContextDir } from './context-dir.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'stageplay-ctxdir-'));

/** A sparse file of `bytes` (no disk used); Node cannot read one over 2 GiB into memory at all. */
function sparse(path: string, bytes: number): void {
  const fd = openSync(path, 'w');
  ftruncateSync(fd, bytes);
  closeSync(fd);
}

async function build(dir: string) {
  let err = '';
  const code = await runCli(['build', '--root', join(dir, '.root'), '--progress=plain', '.'], { cwd: dir, env: {}, stdout: () => {}, stderr: (s) => (err += s) });
  return { code, err };
}

describe('reading the build context', () => {
  it('a 3 GiB file listed in .dockerignore is never read: the build runs', async () => {
    const dir = tmp();
    sparse(join(dir, 'big.bin'), 3 * 1024 ** 3);
    writeFileSync(join(dir, '.dockerignore'), 'big.bin\n.root\n');
    writeFileSync(join(dir, 'Dockerfile'), 'FROM busybox\nCOPY . /src\nRUN ls /src\n');
    const r = await build(dir);
    expect(r.err).not.toMatch(/RangeError|ERR_FS_FILE_TOO_LARGE/);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/#\d+ \d\.\d+ Dockerfile\n/);
    expect(r.err).not.toMatch(/big\.bin/);
  }, 60_000);

  it('the same file not ignored fails as load build context, without a stack trace', async () => {
    const dir = tmp();
    sparse(join(dir, 'big.bin'), 3 * 1024 ** 3);
    writeFileSync(join(dir, 'Dockerfile'), 'FROM busybox\nRUN echo hi\n');
    writeFileSync(join(dir, '.dockerignore'), '.root\n');
    expect(await build(dir)).toEqual({
      code: 1,
      err: `ERROR: failed to solve: load build context: big.bin: the build context is larger than the sandbox's ${MAX_CONTEXT_BYTES / 1024 ** 2} MiB limit (this file is 3.0 GiB); list what the build does not need in .dockerignore\n`,
    });
  });

  it('ignored files are listed without bytes, ignored directories not entered unless a ! pattern may reach inside', () => {
    const dir = tmp();
    mkdirSync(join(dir, 'node_modules/pkg'), { recursive: true });
    writeFileSync(join(dir, 'node_modules/pkg/index.js'), 'x');
    writeFileSync(join(dir, 'secret.txt'), 's');
    writeFileSync(join(dir, 'main.go'), 'package main\n');
    writeFileSync(join(dir, '.dockerignore'), 'node_modules\nsecret.txt\n.dockerignore\n');
    const files = readContextDir(dir);
    expect(files.map((f) => `${f.path}${f.content ? ` ${f.content.byteLength}` : ''}`)).toEqual(['.dockerignore 38', 'main.go 13', 'node_modules', 'secret.txt']);
    // the engine still applies the ignore file (it ignores itself, but its text was read)
    expect(buildContext(files).entries.map((e) => e.path)).toEqual(['/main.go']);
    writeFileSync(join(dir, '.dockerignore'), 'node_modules\n!node_modules/pkg/index.js\n');
    expect(readContextDir(dir).filter((f) => f.content).map((f) => f.path)).toEqual(['.dockerignore', 'main.go', 'node_modules/pkg/index.js', 'secret.txt']);
  });

  it('more than the cap in total is an error naming the file that crossed it', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'a'), '12345');
    writeFileSync(join(dir, 'b'), '123456');
    expect(readContextDir(dir, 11).length).toBe(2);
    expect(() => readContextDir(dir, 10)).toThrow(ContextDirError);
    expect(() => readContextDir(dir, 10)).toThrow(/^load build context: b: /);
  });
});
