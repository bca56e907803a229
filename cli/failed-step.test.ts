/**
 * A failing step's reason is on screen in every progress mode: after the progress, BuildKit
 * prints the failed step's log lines between `------` rules (progressui printErrorLogs),
 * then buildx prints the excerpt and `ERROR: failed to solve`.
 */
import { describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cli.ts';
import { REPO_ROOT } from '#engine/testing/shared';

const XDG = mkdtempSync(join(tmpdir(), 'stageplay-xdg-'));

async function build(progress: string, dir: string) {
  let stderr = '';
  const code = await runCli(['build', `--progress=${progress}`, '--target', 'client', dir], {
    cwd: REPO_ROOT,
    env: { XDG_DATA_HOME: XDG },
    stdout: () => {},
    stderr: (s) => (stderr += s),
  });
  return { code, stderr };
}

/** The lesson project with a typo in the client (the learner's `greeting.Bannr`). */
function brokenProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stageplay-broken-'));
  cpSync(join(REPO_ROOT, 'lessons/project'), dir, { recursive: true });
  const main = join(dir, 'cmd/client/main.go');
  writeFileSync(main, readFileSync(main, 'utf8').replace('greeting.Banner', 'greeting.Bannr'));
  return dir;
}

const BLOCK = /------\n > \[build-client 1\/1\] RUN go build -o \/bin\/client \.\/cmd\/client:\n\d+\.\d{3} # github\.com\/stageplay\/buildme\/cmd\/client\n\d+\.\d{3} cmd\/client\/main\.go:18:23: undefined: greeting\.Bannr\n------\nDockerfile:11\n/;

describe('a failed RUN step shows its log lines in every progress mode', () => {
  const dir = brokenProject();

  it('tty: after the final frame, before the excerpt', async () => {
    const r = await build('tty', dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(BLOCK);
    const frameEnd = r.stderr.lastIndexOf('ERROR [build-client 1/1]');
    expect(frameEnd).toBeGreaterThan(-1);
    expect(r.stderr.indexOf('------\n > [build-client')).toBeGreaterThan(frameEnd);
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe('ERROR: failed to solve: process "/bin/sh -c go build -o /bin/client ./cmd/client" did not complete successfully: exit code: 1');
  });

  it('plain: after the step\'s own #N lines, before the excerpt', async () => {
    const r = await build('plain', dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/#\d+ ERROR: process "\/bin\/sh -c go build -o \/bin\/client \.\/cmd\/client" did not complete successfully: exit code: 1\n------\n/);
    expect(r.stderr).toMatch(BLOCK);
  });
});
