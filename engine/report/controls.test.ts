import { describe, expect, it } from 'vitest';
import { nodeDeps } from '../platform/node.ts';
import { progressSink } from '../commands/progress.ts';
import type { BuildEvent } from '../progress/index.ts';
import { runHostLine, ShellSession } from '../commands/shell-host.ts';
import { inertControls, inertJson } from './controls.ts';

/** A file a program prints: C1 CSI colouring and erasing the screen and scrollback, an OSC 8 link (C1 OSC ... C1 ST), C0 too. */
const HOSTILE = 'ok \x9b31mred\x9b2J\x9b3J \x9d8;;https://evil.example\x9cclick\x9d8;;\x9c \x1b]0;title\x07 \x1b[2K\x1b[5A\r\x85end\r\n';

describe('inertControls', () => {
  it('shows C0, DEL and C1 controls as cat -v does; tab and newline stay', () => {
    expect(inertControls(HOSTILE)).toBe('ok M-^[31mredM-^[2JM-^[3J M-^]8;;https://evil.exampleM-^\\clickM-^]8;;M-^\\ ^[]0;title^G ^[[2K^[[5A^MM-^Eend\n');
    expect(inertControls('a\tb\nc\x7f\x80\x9f\xa0é')).toBe('a\tb\nc^?M-^@M-^_\xa0é');
    expect(inertControls('')).toBe('');
  });

  it('leaves no control character but tab and newline', () => {
    const all = Array.from({ length: 0x100 }, (_, i) => String.fromCharCode(i)).join('');
    expect(inertControls(all)).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
  });

  it('keeps JSON the same value with C1 escaped', () => {
    const ev = { data: HOSTILE };
    expect(inertJson(ev)).not.toMatch(/[\x00-\x1f\x7f-\x9f]/);
    expect(JSON.parse(inertJson(ev))).toEqual(ev);
  });
});

describe('build output on a terminal', () => {
  const events: BuildEvent[] = [
    { kind: 'vertex-start', vertex: 1, name: '[1/1] RUN cat /evil', t: 0 },
    { kind: 'vertex-log', vertex: 1, data: HOSTILE, stream: 'stdout', t: 5 },
    { kind: 'vertex-done', vertex: 1, t: 10 },
  ] as BuildEvent[];
  const drive = (mode: 'plain' | 'tty' | 'rawjson', tty: boolean) => {
    let err = '';
    const sink = progressSink(mode, { stderr: (s) => (err += s), stderrIsTTY: tty, columns: 120 });
    for (const e of events) sink.push(e);
    sink.finish();
    return err;
  };

  it('plain and tty print the step output inert; the only sequences are the display\'s own', () => {
    const plain = drive('plain', true);
    expect(plain).toContain('#1 0.005 ok M-^[31mredM-^[2JM-^[3J M-^]8;;https://evil.example');
    expect(plain).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
    const tty = drive('tty', true);
    expect(tty).not.toMatch(/[\x80-\x9f]/);
    // what remains after removing the view's redraws (cursor up + CR, erase line) holds no control
    expect(tty.replace(/\x1b\[\d+A\r?|\x1b\[2K/g, '')).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
  });

  it('redirected (not a terminal), plain writes the bytes as the step wrote them, as BuildKit does', () => {
    expect(drive('plain', false)).toContain('#1 0.005 ok \x9b31mred');
    expect(drive('rawjson', true)).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
  });
});

describe('the page terminal\'s shell', () => {
  const files = new Map([['evil', HOSTILE]]);
  const run = async (text: string, tty: boolean, raw?: string) => {
    let stdout = '';
    let stderr = '';
    await runHostLine({ deps: nodeDeps,
      line: text,
      files,
      session: new ShellSession(),
      // a host program that draws on the terminal as the build's display does
      programs: (api) => ({ docker: { name: 'docker', run: async () => (api.terminalStderr(raw ?? ''), { exitCode: 0, modeledMs: 1 }) } }),
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      tty,
      now: 0,
    });
    return { stdout, stderr };
  };

  it('a file printed to stdout or stderr, or by echo, reaches a terminal inert; only a host program\'s own display is raw', async () => {
    const r = await run('cat evil; cat evil >&2; printf "\\033[2K\\033[3A\\r" >&2; docker', true, '\x1b[2A\r\x1b[2K');
    expect(r.stdout).toBe(inertControls(HOSTILE));
    expect(r.stderr).toBe(inertControls(HOSTILE) + '^[[2K^[[3A^M' + '\x1b[2A\r\x1b[2K');
  });

  it('into a file or not on a terminal, the bytes stay as they are', async () => {
    expect((await run('cat evil', false)).stdout).toBe(HOSTILE);
  });
});

it('a step\'s name, status and error are inert on a terminal too (a Dockerfile from a share link is not ours)', () => {
  let err = '';
  const sink = progressSink('plain', { stderr: (s) => (err += s), stderrIsTTY: true });
  sink.push({ kind: 'vertex-start', vertex: 1, name: '[1/1] RUN echo \x1b[2K\x9b2J', t: 0 } as BuildEvent);
  sink.push({ kind: 'vertex-done', vertex: 1, t: 1, error: 'exit \x1b]0;x\x07' } as BuildEvent);
  sink.finish();
  expect(err).toContain('#1 [1/1] RUN echo ^[[2KM-^[2J');
  expect(err).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
});
