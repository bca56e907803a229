import { execFileSync } from 'node:child_process';
import { nodeDeps } from '../platform/node.ts';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeElf } from '../toolchain/binary/index.ts';
import type { Toolchain } from '../toolchain/types.ts';
import { runHostLine, ShellSession, type HostLineApi, type WorkspaceContent } from './shell-host.ts';

const FILES: ReadonlyMap<string, WorkspaceContent> = new Map([
  ['Dockerfile', 'FROM golang:1.21-alpine AS base\nWORKDIR /src\n'],
  ['go.mod', 'module github.com/docker/buildme\n\ngo 1.21\n'],
  ['cmd/client/main.go', 'package main\n'],
  ['log.txt', '#1 [internal] load build definition\n#5 proxy.golang.org 200\n#6 DONE\n'],
]);

/** A stand-in host program: prints whether its stderr is the terminal, and protects the Dockerfile. */
function probe(api: HostLineApi, interrupt?: () => void): Toolchain {
  return {
    name: 'probe',
    run(argv, ctx) {
      // `docker interrupt` stands for a program that Ctrl+C interrupts while it runs
      if (argv[1] === 'interrupt') interrupt?.();
      api.protect('Dockerfile');
      ctx.stderr(`stderr is ${api.isTerminal(ctx.stderr) ? 'a tty' : 'not a tty'}\n`);
      ctx.stdout(`cwd ${api.workspacePath(ctx.cwd)}\n`);
      return Promise.resolve({ exitCode: argv[1] === 'fail' ? 3 : 0, modeledMs: 1 });
    },
  };
}

async function line(text: string, opts: { files?: ReadonlyMap<string, WorkspaceContent>; session?: ShellSession; tty?: boolean; signal?: AbortSignal; interrupt?: () => void } = {}) {
  let stdout = '';
  let stderr = '';
  const r = await runHostLine({ deps: nodeDeps,
    line: text,
    files: opts.files ?? FILES,
    session: opts.session ?? new ShellSession(),
    programs: (api) => ({ docker: probe(api, opts.interrupt) }),
    ...(opts.signal ? { signal: opts.signal } : {}),
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    tty: opts.tty ?? true,
    now: 1700000000,
  });
  return { ...r, stdout, stderr };
}

describe('the terminal shell over the workspace', () => {
  it('runs in /home/learner/project as learner, with the workspace files there', async () => {
    const r = await line('pwd; whoami; ls; cat go.mod | head -1');
    expect(r.stdout).toBe('/home/learner/project\nlearner\nDockerfile\ncmd\ngo.mod\nlog.txt\nmodule github.com/docker/buildme\n');
    expect(r.exitCode).toBe(0);
    expect(r.written.size).toBe(0);
    expect(r.deleted).toEqual([]);
  });

  it("runs on the terminal's clock: ls -l times a fresh file as HH:MM, date and touch use it", async () => {
    // 1700000000 is Tue Nov 14 22:13:20 UTC 2023
    const r = await line('ls -l go.mod; date; touch new.txt; ls -l new.txt');
    expect(r.stdout).toMatch(/^-rw-r--r-- +1 learner +learner +\d+ Nov 14 22:13 go\.mod\n/);
    expect(r.stdout).toContain('Tue Nov 14 22:13:20 UTC 2023\n');
    expect(r.stdout).toMatch(/Nov 14 22:13 new\.txt\n$/);
  });

  it('ls -la shows the learner owning the files', async () => {
    const r = await line('ls -la');
    expect(r.stdout).toMatch(/^total /);
    expect(r.stdout).toMatch(/-rw-r--r-- +1 learner +learner +42 Nov 14 .* go\.mod\n/);
    expect(r.stdout).toMatch(/drwxr-xr-x .* cmd\n/);
  });

  it('awk, grep, pipes and redirections: the chapter 4 one-liner', async () => {
    const r = await line("awk '/proxy.golang.org/' log.txt; grep -c '#' log.txt | tr -d '\\n'; echo; cut -d' ' -f1 < log.txt | sort -r | uniq | head -2");
    expect(r.stdout).toBe('#5 proxy.golang.org 200\n3\n#6\n#5\n');
  });

  it('files the line writes under the project come back as workspace changes', async () => {
    const r = await line('echo hello > notes.txt && echo more >> notes.txt; mkdir -p out/a && cp go.mod out/a/; rm log.txt; mv cmd/client/main.go cmd/main.go');
    expect(r.exitCode).toBe(0);
    expect([...r.written]).toEqual([
      ['cmd/main.go', 'package main\n'],
      ['notes.txt', 'hello\nmore\n'],
      ['out/a/go.mod', FILES.get('go.mod')],
    ]);
    expect([...r.deleted].sort()).toEqual(['cmd/client/main.go', 'log.txt']);
  });

  it('2> sends a program\'s stderr to a file, which is then not a terminal; 2>&1 to the terminal still is', async () => {
    const r = await line('docker 2> err.txt; docker 2>&1 | cat; docker 2>&1');
    expect(r.written.get('err.txt')).toBe('stderr is not a tty\n');
    expect(r.stdout).toBe('cwd \nstderr is not a tty\ncwd \nstderr is a tty\ncwd \n');
    expect((await line('docker', { tty: false })).stderr).toBe('stderr is not a tty\n');
  });

  it('keeps cd and exported variables for the next line; a program sees its directory', async () => {
    const session = new ShellSession();
    await line('cd cmd/client; export GREETING=hi; X=1', { session });
    const r = await line('pwd; echo "$GREETING $X $HOME"; docker', { session });
    expect(r.stdout).toBe('/home/learner/project/cmd/client\nhi 1 /home/learner\ncwd cmd/client\n');
    const up = await line('cd ../..; echo x > y.txt', { session });
    expect([...up.written]).toEqual([['y.txt', 'x\n']]);
  });

  it('refuses writes outside the project with a clear message; the workspace keeps what it had', async () => {
    const r = await line('echo x > /tmp/scratch; cat /tmp/scratch; echo y > keep.txt');
    expect(r.stdout).toBe('x\n');
    expect(r.stderr).toBe('stageplay: /tmp/scratch: not kept: only files under /home/learner/project (the workspace) are saved; the rest of this filesystem is fresh for every line\n');
    expect(r.exitCode).toBe(1);
    expect([...r.written]).toEqual([['keep.txt', 'y\n']]);
    const gone = await line('rm -rf /home/learner');
    expect(gone.stderr).toContain('/home/learner/project: not removed: it holds the workspace (nothing was lost)');
    expect(gone.deleted).toEqual([]);
  });

  it('refuses to change the Dockerfile a program of the line protects', async () => {
    const r = await line('docker > Dockerfile');
    expect(r.stderr).toContain('stageplay: Dockerfile: not changed: it is the Dockerfile this line builds (your Dockerfile is unchanged)\n');
    expect(r.written.has('Dockerfile')).toBe(false);
    expect(r.exitCode).toBe(1);
    expect((await line('echo "FROM alpine" > Dockerfile')).written.get('Dockerfile')).toBe('FROM alpine\n');
  });

  it('reports shell errors as sh does: unknown programs, syntax errors, missing files', async () => {
    expect((await line('nosuch')).stderr).toBe('sh: nosuch: not found\n');
    expect((await line('nosuch')).exitCode).toBe(127);
    const syn = await line('echo "open');
    expect(syn.exitCode).toBe(2);
    expect(syn.stderr).toMatch(/^sh: /);
    const cat = await line('cat missing.txt');
    expect(cat.stderr).toBe("cat: can't open 'missing.txt': No such file or directory\n");
    expect(cat.exitCode).toBe(1);
    expect((await line('docker fail; echo $?')).stdout).toBe('cwd \n3\n');
  });

  it('keeps binary files as bytes and file(1) names them as file 5.44 does', async () => {
    const elf = writeElf({ arch: 'amd64', writes: [{ fd: 1, bytes: new TextEncoder().encode('hi\n') }], payload: new Uint8Array(8), size: 4096, seed: 1 });
    const files = new Map(FILES).set('bin/server', elf);
    const r = await line('file bin/server go.mod cmd; ls -l bin; cp bin/server bin/copy', { files });
    expect(r.stdout).toContain('bin/server: ELF 64-bit LSB executable, x86-64, version 1 (SYSV), statically linked, stripped\n');
    expect(r.stdout).toContain('go.mod:     ASCII text\n');
    expect(r.stdout).toContain('cmd:        directory\n');
    expect(r.stdout).toMatch(/-rwxr-xr-x +1 learner +learner +4096 .* server\n/);
    expect(r.written.get('bin/copy')).toEqual(elf);
    if (existsSync('/usr/bin/file')) {
      const dir = mkdtempSync(join(tmpdir(), 'stageplay-file-'));
      writeFileSync(join(dir, 'server'), elf);
      expect(r.stdout).toContain(`bin/server: ${execFileSync('/usr/bin/file', ['-b', join(dir, 'server')], { encoding: 'utf8' }).trim()}\n`);
    }
  });

  it('Ctrl+C stops the line where it is (status 130) and keeps what it wrote before', async () => {
    const ctl = new AbortController();
    const r = await line('echo one > one.txt; docker interrupt; echo two > two.txt', { signal: ctl.signal, interrupt: () => ctl.abort() });
    expect(r.exitCode).toBe(130);
    expect([...r.written.keys()]).toEqual(['one.txt']);
  });

  it('tree draws the project', async () => {
    const r = await line('tree cmd');
    expect(r.stdout).toBe('cmd\n└── client\n    └── main.go\n\n1 directory, 1 file\n');
  });
});
