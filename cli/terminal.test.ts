/** `stageplay run` shows a program's output inert on a terminal and passes its bytes to a pipe. */
import { expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cli.ts';

const EVIL = 'hi \x9b2J\x9b3J\x9d8;;https://evil.example\x9cclick\x1b[31m\n';

it('docker run: C1 and ESC from a file are inert on a terminal, as written on a pipe', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'stageplay-term-'));
  writeFileSync(join(dir, 'Dockerfile'), 'FROM busybox\nCOPY evil /evil\n');
  writeFileSync(join(dir, 'evil'), EVIL);
  const root = join(dir, 'root');
  const run = async (argv: string[], tty: boolean) => {
    let out = '';
    let err = '';
    const code = await runCli(argv, {
      cwd: dir, env: {}, stdout: (s) => (out += s), stderr: (s) => (err += s), stdoutIsTTY: tty, stderrIsTTY: tty,
    });
    return { code, out, err };
  };
  expect((await run(['build', '--root', root, '-q', '-t', 'evil', '.'], false)).code).toBe(0);
  expect(await run(['run', '--root', root, 'evil', 'cat', '/evil'], true)).toEqual({ code: 0, out: 'hi M-^[2JM-^[3JM-^]8;;https://evil.exampleM-^\\click^[[31m\n', err: '' });
  expect(await run(['run', '--root', root, 'evil', 'cat', '/evil'], false)).toEqual({ code: 0, out: EVIL, err: '' });
  expect(await run(['run', '--root', root, 'evil', 'sh', '-c', 'cat /evil >&2'], true)).toEqual({ code: 0, out: '', err: 'hi M-^[2JM-^[3JM-^]8;;https://evil.exampleM-^\\click^[[31m\n' });
}, 60_000);
