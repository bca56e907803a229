/**
 * `-o type=local` never writes outside its destination: not through a symlink an earlier
 * export left there, not through one another `-o` of the same command wrote, and never
 * changes a mode or time through a link.
 */
import { describe, expect, it } from 'vitest';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cli.ts';
import { LocalOutputError, LocalWrites, writeLocal } from './write-local.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'stageplay-local-'));
const file = (path: string, text: string, mode = 0o644) =>
  ({ path, type: 'file' as const, mode, uid: 0, gid: 0, mtime: 1000, content: new TextEncoder().encode(text) });
const link = (path: string, target: string) => ({ path, type: 'symlink' as const, mode: 0o777, uid: 0, gid: 0, mtime: 0, target });

/** A host directory that must stay as it is: one file `keep.txt` holding `host`, mode 0600. */
function victim(): string {
  const dir = tmp();
  writeFileSync(join(dir, 'keep.txt'), 'host', { mode: 0o600 });
  return dir;
}
function untouched(dir: string): void {
  expect(readFileSync(join(dir, 'keep.txt'), 'utf8')).toBe('host');
  expect(statSync(join(dir, 'keep.txt')).mode & 0o777).toBe(0o600);
  expect(statSync(dir).mode & 0o777).toBe(0o700);
}

async function cli(args: string[], cwd: string): Promise<{ code: number; err: string }> {
  let err = '';
  const code = await runCli(args, { cwd, env: {}, stdout: () => {}, stderr: (s) => (err += s) });
  return { code, err };
}

/** A context whose stage `a` holds `x -> VICTIM` and stage `b` holds `x/keep.txt`. */
function project(target: string): string {
  const dir = tmp();
  writeFileSync(join(dir, 'Dockerfile'), [
    'FROM busybox AS tools',
    `RUN mkdir -p /a /b/x && ln -s ${target} /a/x && echo image > /b/x/keep.txt && chmod 777 /b/x/keep.txt`,
    'FROM scratch AS a',
    'COPY --from=tools /a/ /',
    'FROM scratch AS b',
    'COPY --from=tools /b/ /',
    '',
  ].join('\n'));
  return dir;
}

describe('-o type=local stays inside dest', () => {
  it('a symlink left by an earlier export is replaced, not followed: the host file is untouched', async () => {
    const host = victim();
    const ctx = project(host);
    const root = join(tmp(), 'root');
    expect(await cli(['build', '--root', root, '--progress=quiet', '--target', 'a', '-o', 'out', '.'], ctx)).toEqual({ code: 0, err: '' });
    expect(readlinkSync(join(ctx, 'out/x'))).toBe(host);
    expect(await cli(['build', '--root', root, '--progress=quiet', '--target', 'b', '-o', 'out', '.'], ctx)).toEqual({ code: 0, err: '' });
    untouched(host);
    expect(lstatSync(join(ctx, 'out/x')).isDirectory()).toBe(true);
    expect(readFileSync(join(ctx, 'out/x/keep.txt'), 'utf8')).toBe('image\n');
  }, 60_000);

  it('two -o in one command: the second dest does not go through the symlink the first wrote', async () => {
    const host = victim();
    const ctx = project(host);
    const r = await cli(['build', '--root', join(tmp(), 'root'), '--progress=quiet', '--target', 'a', '-o', 'type=local,dest=out', '-o', 'type=local,dest=out/x', '.'], ctx);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`ERROR: failed to export to ${join(ctx, 'out/x')}: ${join(ctx, 'out/x')} is a symlink another output of this build wrote; refusing to write through it\n`);
    untouched(host);
  }, 60_000);

  it('file, directory and hard-link entries never write, chmod or touch through a link already there', () => {
    const host = victim();
    const out = tmp();
    symlinkSync(join(host, 'keep.txt'), join(out, 'f'));
    symlinkSync(host, join(out, 'd'));
    symlinkSync(host, join(out, 'p'));
    writeLocal(out, [
      file('f', 'mine', 0o755),
      { path: 'd', type: 'dir', mode: 0o777, uid: 0, gid: 0, mtime: 5 },
      file('p/keep.txt', 'mine'),
      { path: 'h', type: 'hardlink', mode: 0o644, uid: 0, gid: 0, mtime: 0, target: 'p/keep.txt' },
    ]);
    untouched(host);
    expect(readFileSync(join(out, 'f'), 'utf8')).toBe('mine');
    expect(lstatSync(join(out, 'f')).mode & 0o777).toBe(0o755);
    expect(lstatSync(join(out, 'd')).isDirectory()).toBe(true);
    expect(statSync(join(out, 'd')).mtimeMs).toBe(5000);
    expect(statSync(join(out, 'h')).ino).toBe(statSync(join(out, 'p/keep.txt')).ino);
  });

  it('a hard link whose target the output does not hold, or that climbs out, is an error; ../ entries are dropped', () => {
    const host = victim();
    const out = tmp();
    symlinkSync(host, join(out, 's'));
    const hard = (target: string) => [{ path: 'h', type: 'hardlink' as const, mode: 0o644, uid: 0, gid: 0, mtime: 0, target }];
    expect(() => writeLocal(out, hard('s/keep.txt'))).toThrow(LocalOutputError);
    expect(() => writeLocal(out, hard('../keep.txt'))).toThrow('hard link h -> ../keep.txt: link target not found');
    mkdirSync(join(out, 'in'));
    writeLocal(join(out, 'in'), [file('../escape', 'x'), file('a/../../escape2', 'x')]);
    expect(() => statSync(join(out, 'escape'))).toThrow();
    expect(() => statSync(join(out, 'escape2'))).toThrow();
    untouched(host);
  });

  it('a symlink the same writes made is refused as a later dest or one of its parents', () => {
    const host = victim();
    const out = tmp();
    const writes = new LocalWrites();
    writeLocal(join(out, 'o'), [link('x', host)], writes);
    expect(() => writeLocal(join(out, 'o/x/deeper'), [file('keep.txt', 'mine')], writes)).toThrow(LocalOutputError);
    untouched(host);
  });
});
