/**
 * End to end, with real processes where it matters: `npm run cli -- build` writes archives
 * that real tools (skopeo, umoci, oci-image-tool, podman + runc) accept and run; the store
 * persists between processes (`images`, `save`, `run`, a second build all CACHED).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from '#engine/testing/shared';
import { slowProject } from '#engine/testing/slow-build';
import { validateImage } from '#engine/testing/validate-image';
import { runCli } from './cli.ts';

const PROJECT = join(REPO_ROOT, 'lessons/project');
const CLIENT_SAYS = 'Client ready. Asking the server at http://localhost:3000';
const SERVER_SAYS = 'Listening on HTTP port 3000';

let tmp: string;
let root: string;

/** `stageplay ARGS` as a real process (tsx, as `npm run cli` runs it). */
function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args, ...(args[0] === 'run' ? [] : ['--root', root])], {
    cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, XDG_DATA_HOME: join(tmp, 'xdg') },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}


beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'stageplay-e2e-'));
  root = join(tmp, 'root');
});

describe('stageplay build → real OCI tools', () => {
  it('npm run cli -- build --target client -o type=docker: an archive skopeo, umoci, oci-image-tool and podman accept, and /bin/client runs', () => {
    const tar = join(tmp, 'client.tar');
    const r = spawnSync('npm', ['run', '-s', 'cli', '--', 'build', '--root', root, '-t', 'buildme', '--target', 'client', '--progress=plain', '-o', `type=docker,dest=${tar}`, 'lessons/project'], {
      cwd: REPO_ROOT, encoding: 'utf8',
    });
    expect(r.stderr).toMatch(/^#1 \[internal\] load build definition from Dockerfile\n/);
    expect(r.stderr).toMatch(/\[build-client 1\/1\] RUN go build -o \/bin\/client \.\/cmd\/client\n/);
    expect(r.status).toBe(0);
    validateImage(tar, CLIENT_SAYS);
  }, 90_000);

  it('the server target and an oci export validate too', () => {
    const server = join(tmp, 'server.tar');
    expect(cli(['build', '--target', 'server', '-q', '-o', `type=docker,dest=${server}`, PROJECT])).toMatchObject({ status: 0, stderr: '' });
    validateImage(server, SERVER_SAYS);
    const oci = join(tmp, 'client-oci.tar');
    expect(cli(['build', '--target', 'client', '-q', '-o', `type=oci,dest=${oci}`, PROJECT]).status).toBe(0);
    validateImage(oci, CLIENT_SAYS);
  }, 90_000);
});

describe('the local store between processes', () => {
  beforeAll(() => {
    const single = join(tmp, 'single');
    spawnSync('mkdir', ['-p', single]);
    // The guide's chapter 1 Dockerfile: a single stage.
    writeFileSync(join(single, 'Dockerfile'), '# syntax=docker/dockerfile:1\nFROM golang:1.20-alpine\nWORKDIR /src\nCOPY . .\nRUN go mod download\n' +
      'RUN go build -o /bin/client ./cmd/client\nRUN go build -o /bin/server ./cmd/server\nENTRYPOINT [ "/bin/server" ]\n');
    for (const args of [
      ['-t', 'buildme-client', '--target', 'client'],
      ['-t', 'buildme-server', '--target', 'server'],
      ['-t', 'buildme', '-f', join(single, 'Dockerfile')],
    ]) {
      const r = cli(['build', '-q', ...args, PROJECT]);
      if (r.status !== 0) throw new Error(`build ${args.join(' ')} failed:\n${r.stderr}`);
      expect(r.stdout).toMatch(/^sha256:[0-9a-f]{64}\n$/);
    }
  }, 120_000);

  it('images "buildme*" shows the guide\'s shape: ~4.2MB per target, a single stage over 100MB', () => {
    const r = cli(['images', 'buildme*']);
    expect(r.status).toBe(0);
    const rows = r.stdout.trim().split('\n');
    expect(rows[0]).toMatch(/^REPOSITORY +TAG +IMAGE ID +CREATED +SIZE$/);
    const size = (repo: string) => {
      const row = rows.find((l) => l.split(/\s+/)[0] === repo);
      if (!row) throw new Error(`no row for ${repo} in\n${r.stdout}`);
      const m = /([\d.]+)(kB|MB|GB)$/.exec(row)!;
      return Number(m[1]) * { kB: 1e3, MB: 1e6, GB: 1e9 }[m[2] as 'kB' | 'MB' | 'GB'];
    };
    for (const repo of ['buildme-client', 'buildme-server']) {
      expect(size(repo)).toBeGreaterThan(3.5e6);
      expect(size(repo)).toBeLessThan(8e6);
    }
    expect(size('buildme')).toBeGreaterThan(100e6);
    expect(cli(['images', 'buildme']).stdout.trim().split('\n')).toHaveLength(2); // exact repository match
  });

  it('a second build prints CACHED for every step', () => {
    const r = cli(['build', '--progress=plain', '-t', 'buildme-client', '--target', 'client', PROJECT]);
    expect(r.status).toBe(0);
    const steps = [...r.stderr.matchAll(/^#(\d+) \[(?!internal)[^\]]+ \d+\/\d+\] (?!FROM)/gm)].map((m) => m[1]);
    expect(steps.length).toBeGreaterThanOrEqual(6);
    for (const n of steps) expect(r.stderr).toContain(`\n#${n} CACHED\n`);
    expect(r.stderr).toContain('naming to docker.io/library/buildme-client:latest done');
  }, 60_000);

  it('save of a built image validates, and run prints the binary\'s lines', () => {
    const tar = join(tmp, 'saved.tar');
    expect(cli(['save', '-o', tar, 'buildme-client'])).toMatchObject({ status: 0, stdout: '', stderr: '' });
    validateImage(tar, CLIENT_SAYS);
    // the server blocks until stopped, as under Docker: detached, its log read, then stopped (Go as PID 1: exit 2)
    const run = cli(['run', '--root', root, '-d', '--rm', '--name', 'srv', 'buildme-server']);
    expect(run).toMatchObject({ status: 0, stderr: '' });
    expect(run.stdout).toMatch(/^[0-9a-f]{64}\n$/);
    expect(cli(['logs', 'srv'])).toMatchObject({ status: 0, stdout: `Version: 0.0.0+unknown\nStarting server...\n${SERVER_SAYS}\n`, stderr: '' });
    expect(cli(['stop', 'srv'])).toMatchObject({ status: 0, stdout: 'srv\n', stderr: '' });
    expect(existsSync(join(root, 'images.json'))).toBe(true);
  }, 90_000);
});

describe('outputs and secrets (in-process)', () => {
  const inProcess = async (argv: string[], cwd = REPO_ROOT) => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(argv, { cwd, env: { TOKEN: 'tok-from-env' }, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
    return { code, stdout, stderr };
  };

  it('-o DIR writes the target\'s files (guide chapter 6), -o type=tar its root filesystem', async () => {
    const out = join(tmp, 'out');
    const r = await inProcess(['build', '--root', root, '--progress=plain', '--target', 'server', '-o', out, PROJECT]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/exporting to client directory\n#\d+ copying files [\d.]+MB/);
    expect(statSync(join(out, 'bin/server')).size).toBeGreaterThan(5e6);
    expect(statSync(join(out, 'bin/server')).mode & 0o111).not.toBe(0);
    const tarPath = join(tmp, 'rootfs.tar');
    expect((await inProcess(['build', '--root', root, '-q', '--target', 'client', '-o', `type=tar,dest=${tarPath}`, PROJECT])).code).toBe(0);
    const listing = spawnSync('tar', ['tf', tarPath], { encoding: 'utf8' }).stdout.split('\n');
    expect(listing).toContain('bin/client');
  }, 60_000);

  it('--secret reaches RUN --mount=type=secret and never the image', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stageplay-secret-'));
    writeFileSync(join(dir, 'Dockerfile'), 'FROM alpine\nRUN --mount=type=secret,id=tok test "$(wc -c < /run/secrets/tok)" -eq 12\n');
    const r = await inProcess(['build', '--root', root, '--progress=plain', '-t', 'secret-test', '--secret', 'id=tok,env=TOKEN', dir], dir);
    expect(r.stderr.trimEnd().split('\n').at(-1)).toMatch(/DONE/);
    expect(r.code).toBe(0); // the RUN's test passed: the secret (12 bytes) was mounted
    const saved = join(tmp, 'secret.tar');
    expect((await inProcess(['save', '--root', root, '-o', saved, 'secret-test'])).code).toBe(0);
    expect(readFileSync(saved).includes('tok-from-env')).toBe(false);
    const missing = await inProcess(['build', '--root', root, '--secret', 'id=tok,src=/nonexistent', dir], dir);
    expect(missing).toMatchObject({ code: 1, stderr: 'ERROR: failed to stat /nonexistent: stat /nonexistent: no such file or directory\n' });
  }, 60_000);
});

describe('build errors and cancellation (in-process)', () => {
  /** A project whose `RUN go build` runs for seconds (the guide's project builds too fast to interrupt reliably). */
  const slowDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'stageplay-slow-'));
    for (const f of slowProject()) {
      mkdirSync(dirname(join(dir, f.path)), { recursive: true });
      writeFileSync(join(dir, f.path), f.text);
    }
    return dir;
  };

  it('Ctrl+C cancels the running step: CANCELED in the progress, exit 1', async () => {
    const controller = new AbortController();
    let stderr = '';
    const code = await runCli(['build', '--root', join(tmp, 'cancel-root'), '--no-cache', '--progress=plain', slowDir()], {
      cwd: REPO_ROOT, env: {}, stdout: () => {}, signal: controller.signal,
      stderr: (s) => {
        stderr += s;
        if (s.includes('RUN go build')) controller.abort();
      },
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(/\n#\d+ CANCELED\n/);
    expect(stderr.trimEnd().split('\n').at(-1)).toMatch(/^ERROR: failed to solve: .*cancel/i);
  }, 60_000);

  it('Ctrl+C on the real process (SIGINT) cancels the build between steps, exit 1', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'build', '--root', join(tmp, 'sigint-root'), '--no-cache', '--progress=plain', slowDir()], { cwd: REPO_ROOT });
    let stderr = '';
    let sent = false;
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (!sent && stderr.includes('RUN go build')) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(sent).toBe(true);
    expect(code).toBe(1);
    expect(stderr).not.toContain('exporting to image');
    expect(stderr.trimEnd().split('\n').at(-1)).toMatch(/^ERROR: failed to solve: .*cancel/i);
  }, 60_000);

  it('a failing RUN prints the excerpt and BuildKit\'s error, exit 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stageplay-fail-'));
    writeFileSync(join(dir, 'Dockerfile'), 'FROM alpine\nRUN echo building && exit 3\n');
    let stderr = '';
    const code = await runCli(['build', '--root', join(tmp, 'fail-root'), '--progress=plain', dir], {
      cwd: dir, env: {}, stdout: () => {}, stderr: (s) => (stderr += s),
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(/\n#(\d+) \[2\/2\] RUN echo building && exit 3\n#\1 0\.\d{3} building\n#\1 ERROR: process/);
    expect(stderr).toContain('   2 | >>> RUN echo building && exit 3\n');
    expect(stderr.trimEnd().split('\n').at(-1)).toBe('ERROR: failed to solve: process "/bin/sh -c echo building && exit 3" did not complete successfully: exit code: 3');
  }, 30_000);
});
