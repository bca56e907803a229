import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutputSpecError, parseOutputs, splitCsv, progressSink } from '#engine/commands';
import { readSecrets, SecretSpecError } from './secrets.ts';
import { readContextDir } from './context-dir.ts';
import { readDump, writeDump } from './cache-files.ts';
import { writeLocal } from './write-local.ts';
import type { BuildEvent } from '#engine/progress';

const tmp = () => mkdtempSync(join(tmpdir(), 'stageplay-cli-'));

describe('-o/--output like buildx', () => {
  it('parses CSV specs, the short forms, and names archives after the tags', () => {
    expect(parseOutputs(['type=docker,dest=x.tar'], ['buildme'])).toEqual([{ type: 'docker', dest: 'x.tar', name: 'buildme' }]);
    expect(parseOutputs(['type=oci,dest=o.tar,name=a'], ['b'])).toEqual([{ type: 'oci', dest: 'o.tar', name: 'a' }]);
    expect(parseOutputs(['bin', '-', 'type=tar,dest=r.tar', 'type=local,dest=out'], [])).toEqual([
      { type: 'local', dest: 'bin' }, { type: 'tar', dest: '-' }, { type: 'tar', dest: 'r.tar' }, { type: 'local', dest: 'out' },
    ]);
    expect(parseOutputs(['type=docker'], ['x'])).toEqual([{ type: 'image' }]);
    expect(parseOutputs(['type=cacheonly'], ['x'])).toEqual([{ type: 'cacheonly' }]);
    expect(parseOutputs(['"type=oci","dest=a,b.tar"'], [])).toEqual([{ type: 'oci', dest: 'a,b.tar' }]);
    expect(splitCsv('a,"b,""c""",d')).toEqual(['a', 'b,"c"', 'd']);
  });

  it('rejects what buildx rejects, with its words', () => {
    expect(() => parseOutputs(['dest=x'], [])).toThrow(new OutputSpecError('type is required for output'));
    expect(() => parseOutputs(['type=nope,dest=x'], [])).toThrow('exporter "nope" could not be found');
    expect(() => parseOutputs(['type=local,foo'], [])).toThrow('invalid value foo');
    expect(() => parseOutputs(['type=registry'], [])).toThrow(/offline/);
  });
});

describe('--secret like buildx', () => {
  it('reads files and environment variables by id', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'token.txt'), 's3cr3t');
    const env = { API_KEY: 'k', tok3: 'from-env' };
    const s = readSecrets(['id=tok,src=token.txt', 'id=key,env=API_KEY', 'type=env,id=API_KEY', 'id=tok2,source=' + join(dir, 'token.txt'), 'id=tok3'], env, dir);
    const text = Object.fromEntries(Object.entries(s).map(([k, v]) => [k, new TextDecoder().decode(v)]));
    expect(text).toEqual({ tok: 's3cr3t', key: 'k', API_KEY: 'k', tok2: 's3cr3t', tok3: 'from-env' });
    expect(() => readSecrets(['tok'], env, dir)).toThrow("invalid field 'tok' must be a key=value pair");
  });

  it('fails clearly on a missing file, a bad key or an unset variable', () => {
    expect(() => readSecrets(['id=x,src=/nope'], {}, '/')).toThrow(new SecretSpecError('failed to stat /nope: stat /nope: no such file or directory'));
    expect(() => readSecrets(['id=x,path=/a'], {}, '/')).toThrow("unexpected key 'path' in 'path=/a'");
    expect(() => readSecrets(['id=x,env=UNSET'], {}, '/')).toThrow('environment variable UNSET is not set');
    expect(() => readSecrets(['type=ssh,id=x'], {}, '/')).toThrow('unsupported secret type "ssh"');
  });
});

describe('context directory, local output and cache files', () => {
  it('reads files, dirs and symlinks with modes, and writes a local output back', () => {
    const dir = tmp();
    mkdirSync(join(dir, 'cmd/app'), { recursive: true });
    writeFileSync(join(dir, 'cmd/app/main.go'), 'package main\n');
    writeFileSync(join(dir, 'run.sh'), '#!/bin/sh\n', { mode: 0o755 });
    symlinkSync('run.sh', join(dir, 'link'));
    const files = readContextDir(dir);
    expect(files.map((f) => `${f.type} ${f.path}`)).toEqual(['dir cmd', 'dir cmd/app', 'file cmd/app/main.go', 'symlink link', 'file run.sh']);
    expect(files.find((f) => f.path === 'run.sh')!.mode & 0o777).toBe(0o755);

    const out = tmp();
    const n = writeLocal(join(out, 'bin'), [
      { path: 'd', type: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: 1000 },
      { path: 'd/server', type: 'file', mode: 0o755, uid: 0, gid: 0, mtime: 1_767_322_800, content: new TextEncoder().encode('ELF') },
      { path: 'd/s', type: 'symlink', mode: 0o777, uid: 0, gid: 0, mtime: 0, target: 'server' },
      { path: '../escape', type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: 0, content: new Uint8Array(1) },
    ]);
    expect(n).toBe(3);
    expect(readFileSync(join(out, 'bin/d/server'), 'utf8')).toBe('ELF');
    expect(statSync(join(out, 'bin/d/server')).mode & 0o777).toBe(0o755);
    expect(statSync(join(out, 'bin/d/server')).mtimeMs).toBe(1_767_322_800_000);
    expect(statSync(join(out, 'bin/d')).mtimeMs).toBe(1_000_000);
    expect(readlinkSync(join(out, 'bin/d/s'))).toBe('server');
    expect(() => statSync(join(out, 'escape'))).toThrow();
  });

  it('keeps a dump with blobs across processes, and starts fresh from a damaged one', () => {
    const root = tmp();
    const entry = { path: '/f', type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: 0, blob: 1 };
    writeDump(root, 'cache', { records: [{ key: 'k', modeledMs: 1, entries: [entry] }], blobs: [new Uint8Array([1, 2]), new Uint8Array([3])] });
    const back = readDump<{ records: unknown[]; blobs: Uint8Array[] }>(root, 'cache', () => { throw new Error('no warning expected'); })!;
    expect(back.records).toEqual([{ key: 'k', modeledMs: 1, entries: [entry] }]);
    expect(back.blobs.map((b) => [...b])).toEqual([[1, 2], [3]]);
    writeFileSync(join(root, 'cache.bin'), new Uint8Array([1]));
    const warnings: string[] = [];
    expect(readDump(root, 'cache', (w) => warnings.push(w))).toBeUndefined();
    expect(warnings).toEqual([expect.stringMatching(/^WARNING: .*cache\.json is damaged \(expected 3 bytes of data, found 1\); moved it to cache\.json\.corrupt-\d{8}T\d{6}Z, starting with an empty cache$/)]);
    expect(readDump(tmp(), 'cache', () => {})).toBeUndefined();
  });
});

describe('progress modes', () => {
  const events: BuildEvent[] = [
    { kind: 'vertex-start', vertex: 1, name: '[internal] load build definition from Dockerfile', t: 0 },
    { kind: 'vertex-done', vertex: 1, t: 20 },
    { kind: 'vertex-start', vertex: 2, name: '[1/2] FROM docker.io/library/alpine:latest', t: 20 },
    { kind: 'vertex-done', vertex: 2, t: 120, cached: true },
  ];
  const drive = (mode: 'plain' | 'rawjson' | 'quiet' | 'auto' | 'tty', tty = false) => {
    let err = '';
    const sink = progressSink(mode, { stderr: (s) => (err += s), stderrIsTTY: tty, columns: 60 });
    for (const e of events) sink.push(e);
    sink.finish();
    return { err, summarizes: sink.summarizes };
  };

  it('plain prints BuildKit\'s log, rawjson one event per line, quiet nothing', () => {
    expect(drive('plain').err).toBe('#1 [internal] load build definition from Dockerfile\n#1 DONE 0.0s\n\n#2 [1/2] FROM docker.io/library/alpine:latest\n#2 CACHED\n');
    expect(drive('auto').err).toBe(drive('plain').err);
    const json = drive('rawjson');
    expect(json.err.trim().split('\n').map((l) => JSON.parse(l))).toEqual(events);
    expect(json.summarizes).toBe(false);
    expect(drive('quiet')).toEqual({ err: '', summarizes: false });
  });

  it('tty redraws the view in place and ends with the FINISHED frame', () => {
    const { err } = drive('auto', true);
    const frames = err.split('\x1b[2K[+] Building');
    expect(frames.length).toBeGreaterThanOrEqual(3); // first frame, final frame
    expect(err).toMatch(/\x1b\[\d+A\r/); // cursor moved up over the previous frame
    const last = frames.at(-1)!.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
    expect(last).toMatch(/FINISHED/);
    expect(last).toContain('=> CACHED [1/2] FROM docker.io/library/alpine:latest');
  });
});
