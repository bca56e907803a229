import { describe, expect, it } from 'vitest';
import { nodeDeps } from '#engine/platform/node';
import { seedFiles } from '../workspace/seed.ts';
import { APPLET_NAMES } from '#engine/toolchain/busybox';
import { SANDBOX_COMMANDS } from '../terminal/completion.ts';
import { TestTerminal } from './test-terminal.test-util.ts';

async function run(line: string, files: ReadonlyMap<string, string> = seedFiles()) {
  let stdout = '';
  let stderr = '';
  const r = await new TestTerminal(() => files, { deps: nodeDeps, now: () => Date.parse('2026-01-01T00:00:00Z') }).run(line, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
  });
  return { ...r, stdout, stderr };
}

const withDockerfile = (text: string) => new Map(seedFiles()).set('Dockerfile', text);

describe('a terminal line on the engine side', () => {
  it('checks the lesson Dockerfile', async () => {
    expect(await run('docker build --check .')).toMatchObject({ exitCode: 0, stdout: 'Check complete, no warnings found.\n', stderr: '' });
  });

  it('prints check warnings with the framed excerpt and exits 1', async () => {
    const r = await run('docker buildx build --check .', withDockerfile(seedFiles().get('Dockerfile')!.replace('AS base', 'as base')));
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('Check complete, 1 warning has been found!\n\nWARNING: FromAsCasing - https://docs.docker.com/go/dockerfile/rule/from-as-casing/\n');
    expect(r.stdout).toContain('Dockerfile:3\n--------------------\n');
  });

  it('lists targets with descriptions, the last stage as default', async () => {
    const r = await run('docker build --call=targets .');
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^TARGET\s+DESCRIPTION$/);
    expect(lines.map((l) => l.split(/\s+/)[0])).toEqual(['TARGET', 'base', 'build-client', 'build-server', 'client', 'server']);
    expect(lines[5]).toMatch(/^server \(default\)\s+is the server binary alone on an empty image$/);
  });

  it('prints a front-end error as buildx does: the build definition step, excerpt, then failed to solve (as the CLI)', async () => {
    const r = await run('docker build --progress=plain .', withDockerfile(seedFiles().get('Dockerfile')!.replace('COPY . .', 'COPPY . .')));
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^#1 \[internal\] load build definition from Dockerfile\n[^]*#1 DONE 0\.0s\nDockerfile:7\n-{20}\n/);
    expect(r.stderr).toContain('   7 | >>> COPPY . .\n');
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe('ERROR: failed to solve: dockerfile parse error on line 7: unknown instruction: COPPY (did you mean COPY?)');
  });

  it('resolves the context and -f like the CLI', async () => {
    expect((await run('docker build --check nope')).stderr).toBe('ERROR: unable to prepare context: path "nope" not found\n');
    expect((await run('docker build --check cmd')).stderr).toBe('ERROR: failed to solve: failed to read dockerfile: open Dockerfile: no such file or directory\n');
    const files = new Map([['ctx/Other.Dockerfile', 'FROM scratch AS only\n'], ['ctx/a', '']]);
    const r = await run('docker build -f ctx/Other.Dockerfile --call=targets ctx', files);
    expect(r.stdout).toMatch(/^only \(default\)/m);
  });

  it('lists an empty image store as a header only', async () => {
    expect(await run('docker images')).toMatchObject({ exitCode: 0, stdout: expect.stringMatching(/^REPOSITORY\s+TAG\s+IMAGE ID\s+CREATED\s+SIZE\n$/) });
    expect((await run('docker images -q')).stdout).toBe('');
  });

  it('reports usage errors with Docker wording and exit code 125', async () => {
    const r = await run('docker build --bogus .');
    expect(r.exitCode).toBe(125);
    expect(r.stderr).toBe("unknown flag: --bogus\nSee 'docker build --help'.\n");
    expect((await run('docker build')).stderr).toContain('"docker build" requires exactly 1 argument.');
  });

  it('handles clear, help, blank lines, quotes and unknown commands', async () => {
    // clear's escape sequences: drawn on the terminal, bytes in a file
    const cleared = await run('clear > screen.txt; clear | wc -c');
    expect(cleared).toMatchObject({ exitCode: 0, stdout: '11\n' });
    expect(cleared.written?.get('screen.txt')).toBe('\x1b[H\x1b[2J\x1b[3J');
    expect((await run('help')).stdout).toContain('docker build --check .');
    expect(await run('   ')).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
    expect(await run('echo "unterminated')).toMatchObject({ exitCode: 2 });
    const nope = await run('dokcer images');
    expect(nope.exitCode).toBe(127);
    expect(nope.stderr).toBe('sh: dokcer: not found\n');
    expect(await run('docker history buildme')).toMatchObject({ exitCode: 1, stderr: 'Error response from daemon: No such image: buildme\n' });
  });

  it('completes to programs the shell has: each listed one runs (not "not found")', async () => {
    const own = new Set(['docker', 'clear', 'help', 'history', 'download', 'file', 'tree', 'curl', 'wget', 'cd', 'export']);
    for (const name of SANDBOX_COMMANDS) if (!own.has(name)) expect(APPLET_NAMES, name).toContain(name);
    const r = await run('file go.mod; tree cmd | tail -1; curl -s localhost:3000; echo $?; cd cmd && pwd');
    expect(r.stdout).toBe('go.mod: ASCII text\n2 directories, 2 files\n7\n/home/learner/project/cmd\n');
  });

  it('docker build in a subdirectory: its context, -f and outputs are relative to the working directory', async () => {
    const session = new TestTerminal(() => seedFiles(), { deps: nodeDeps });
    const out = { text: '', stdout: (t: string) => void (out.text += t), stderr: (t: string) => void (out.text += t) };
    await session.run('cd cmd', out);
    expect(await session.run('docker build --check -f ../Dockerfile ..', out)).toMatchObject({ exitCode: 0 });
    expect(out.text).toBe('Check complete, no warnings found.\n');
    out.text = '';
    const targets = await session.run('docker build --call=targets -f ../Dockerfile . > targets.txt', out);
    expect(targets.exitCode).toBe(0);
    expect(targets.written?.get('cmd/targets.txt')).toMatch(/^TARGET\s+DESCRIPTION\n/);
    out.text = '';
    expect(await session.run('docker build nope', out)).toMatchObject({ exitCode: 1 });
    expect(out.text).toBe('ERROR: unable to prepare context: path "nope" not found\n');
    out.text = '';
    expect(await session.run('docker build /etc', out)).toMatchObject({ exitCode: 1 });
    expect(out.text).toBe('ERROR: unable to prepare context: path "/etc" not found\n');
    out.text = '';
    expect(await session.run('cd ~ && docker build --check project && docker build --check ~/project', out)).toMatchObject({ exitCode: 0 });
    expect(out.text).toBe('Check complete, no warnings found.\n'.repeat(2));
  });

  it('lists the lines typed with history, as busybox ash numbers them', async () => {
    const session = new TestTerminal(() => seedFiles(), { deps: nodeDeps });
    const sink = { out: '', stdout: (t: string) => void (sink.out += t), stderr: () => {} };
    await session.run('pwd', sink);
    await session.run('  ', sink);
    await session.run('ls | wc -l', sink);
    sink.out = '';
    expect(await session.run('history', sink)).toMatchObject({ exitCode: 0 });
    expect(sink.out).toBe('   0 pwd\n   1 ls | wc -l\n   2 history\n');
    // a program of the shell, so in pipes and redirections too; the line running counts, as in ash
    sink.out = '';
    const piped = await session.run('history | grep -c wc; history > typed.txt', sink);
    expect(piped.exitCode).toBe(0);
    expect(sink.out).toBe('2\n');
    expect(piped.written?.get('typed.txt')).toBe('   0 pwd\n   1 ls | wc -l\n   2 history\n   3 history | grep -c wc; history > typed.txt\n');
  });

  it('runs the line in a shell over the workspace: ls, pipes into grep, files written back', async () => {
    const ls = await run('ls -la | grep -c go.mod; cat go.mod | head -1; pwd');
    expect(ls).toMatchObject({ exitCode: 0, stdout: '1\nmodule github.com/stageplay/buildme\n/home/learner/project\n', stderr: '' });
    const w = await run('docker build --check . > check.txt; echo done >> check.txt');
    expect(w.exitCode).toBe(0);
    expect([...(w.written ?? [])]).toEqual([['check.txt', 'Check complete, no warnings found.\ndone\n']]);
    const usage = await run('docker build 2> err.txt || echo "exit $?"');
    expect(usage.stdout).toBe('exit 125\n');
    expect(usage.written?.get('err.txt')).toMatch(/"docker build" requires exactly 1 argument/);
  });
});
