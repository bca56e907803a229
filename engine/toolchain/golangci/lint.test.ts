import { describe, expect, it } from 'vitest';
import type { WorkFs } from '../../fs/types.ts';
import { projectFs, put } from '../go/fixture.test-util.ts';
import type { ExecContext } from '../types.ts';
import { golangciLint } from './lint.ts';
import { nodeDeps } from '../../platform/node.ts';

async function lint(fs: WorkFs, args = 'run', cwd = '/src'): Promise<{ exitCode: number; stdout: string; stderr: string; modeledMs: number }> {
  let stdout = '';
  let stderr = '';
  const ctx: ExecContext = {
    fs,
    env: new Map(Object.entries({ GOPATH: '/go', GOLANG_VERSION: '1.20.14', HOME: '/root', GOROOT: '/usr/local/go' })),
    cwd,
    user: { uid: 0, gid: 0, name: 'root' },
    platform: 'linux/amd64',
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    programs: () => undefined,
    deps: nodeDeps,
  };
  const r = await golangciLint.run(['golangci-lint', ...args.split(' ').filter(Boolean)], ctx);
  return { ...r, stdout, stderr };
}

const SERVER = '/src/cmd/server/main.go';

describe('golangci-lint run', () => {
  it('finds the unchecked w.Write of the example server, with source line and caret', async () => {
    const r = await lint(projectFs());
    expect(r.stdout).toBe(
      'cmd/server/main.go:26:10: Error return value of `w.Write` is not checked (errcheck)\n' +
        '\t\tw.Write([]byte(greeting.For(r.URL.Query().Get("name"))))\n' +
        '\t\t       ^\n',
    );
    expect([r.exitCode, r.stderr]).toEqual([1, '']);
    expect(r.modeledMs).toBeGreaterThan(1000);
  });

  it('exits 0 and prints nothing on clean code; --show-stats adds the summary', async () => {
    const fs = projectFs();
    const text = new TextDecoder().decode(fs.readFile(SERVER));
    put(fs, SERVER, text.replace('\t\tw.Write(', '\t\t_, _ = w.Write('));
    expect(await lint(fs)).toMatchObject({ exitCode: 0, stdout: '' });
    expect((await lint(fs, 'run --show-stats')).stdout).toBe('0 issues.\n');
  });

  it('reports unused declarations and ineffectual assignments, sorted, with stats', async () => {
    const fs = projectFs();
    put(fs, '/src/internal/greeting/extra.go', [
      'package greeting',
      '',
      'import "os"',
      '',
      'const prefix = "x"',
      '',
      'func helper() string { return "h" }',
      '',
      'func Save(name string) error {',
      '\tmsg := "draft"',
      '\tmsg = "final " + name',
      '\tos.WriteFile("/tmp/out", []byte(msg), 0o644)',
      '\tdefer os.Remove("/tmp/out")',
      '\tcount := 1',
      '\tcount = 2',
      '\t_ = count',
      '\treturn nil',
      '}',
      '',
    ].join('\n'));
    const r = await lint(fs, 'run --show-stats ./internal/...');
    const heads = r.stdout.split('\n').filter((l) => /^\S+:\d+:\d+: /.test(l));
    expect(heads).toEqual([
      'internal/greeting/extra.go:5:7: const `prefix` is unused (unused)',
      'internal/greeting/extra.go:7:6: func `helper` is unused (unused)',
      'internal/greeting/extra.go:10:2: ineffectual assignment to msg (ineffassign)',
      'internal/greeting/extra.go:12:14: Error return value of `os.WriteFile` is not checked (errcheck)',
      'internal/greeting/extra.go:14:2: ineffectual assignment to count (ineffassign)',
    ]);
    expect(r.stdout.endsWith('5 issues:\n* errcheck: 1\n* ineffassign: 2\n* unused: 2\n')).toBe(true);
    expect(r.exitCode).toBe(1);
  });

  it('a type error is a typecheck issue; no module is a loading failure', async () => {
    const fs = projectFs();
    const text = new TextDecoder().decode(fs.readFile(SERVER));
    put(fs, SERVER, text.replace('import (\n', 'import (\n\t"os"\n'));
    const r = await lint(fs);
    expect(r.stdout).toBe('cmd/server/main.go:5:2: "os" imported and not used (typecheck)\n');
    expect(r.exitCode).toBe(1);
    const none = await lint(fs, 'run', '/tmp');
    expect([none.exitCode, none.stderr]).toEqual([5, 'level=error msg="Running error: context loading failed: no go files to analyze"\n']);
  });

  it('rejects unknown flags and commands as cobra does', async () => {
    const r = await lint(projectFs(), 'run --nope');
    expect([r.exitCode, r.stderr]).toEqual([3, 'Error: unknown flag: --nope\nFailed executing command with error: unknown flag: --nope\n']);
    expect((await lint(projectFs(), 'lint')).stderr).toContain('unknown command "lint"');
    expect((await lint(projectFs(), '')).stdout).toContain('golangci-lint [command]');
  });
});
