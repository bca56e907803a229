import { expect, it } from 'vitest';
import { progressSink } from '#engine/commands';
import type { BuildEvent } from '#engine/progress';
import { toTerminalText } from './text.ts';
import { TinyScreen } from './vt.test-util.ts';

it('converts line ends and neutralises control characters', () => {
  expect(toTerminalText('a\nb\r\nc\td')).toBe('a\r\nb\r\nc\td');
  expect(toTerminalText('\x1b[31mred\x07\x7f')).toBe('^[[31mred^G^?');
  expect(toTerminalText('\x1b[2A\r\x1b[2Kx')).toBe('^[[2A^M^[[2Kx');
  // C1 controls (xterm obeys U+009B as CSI, U+009D as OSC): erase screen and scrollback, an OSC 8 link
  expect(toTerminalText('\x9b2J\x9b3J\x9d8;;https://evil.example\x9cclick\x85')).toBe('M-^[2JM-^[3JM-^]8;;https://evil.exampleM-^\\clickM-^E');
  expect(toTerminalText('\x9b2J\x1b[2K', { redraw: true })).toBe('M-^[2J\x1b[2K');
});

it('keeps only the tty view\'s redraw sequences when asked', () => {
  expect(toTerminalText('\x1b[2A\r\x1b[2Kx\n', { redraw: true })).toBe('\x1b[2A\r\x1b[2Kx\r\n');
  expect(toTerminalText('\x1b[31mred\x1b[2J\rno\x1b[2K', { redraw: true })).toBe('^[[31mred^[[2J^Mno\x1b[2K');
  // clear's whole erase, as one sequence only (a lone ESC[2J stays inert, above)
  expect(toTerminalText('\x1b[H\x1b[2J\x1b[3J$ ', { redraw: true })).toBe('\x1b[H\x1b[2J\x1b[3J$ ');
  expect(toTerminalText('\x1b[H\x1b[2J\x1b[3J', {})).toBe('^[[H^[[2J^[[3J');
});

it('a tty build redraws in place: the screen ends with the final frame only', async () => {
  const screen = new TinyScreen(80);
  const sink = progressSink('tty', { stderr: (t) => screen.write(toTerminalText(t, { redraw: true })), stderrIsTTY: true, columns: 80 });
  const evs: BuildEvent[] = [
    { kind: 'vertex-start', vertex: 1, name: '[internal] load build definition from Dockerfile', t: 0 },
    { kind: 'vertex-done', vertex: 1, t: 10 },
    { kind: 'vertex-start', vertex: 2, name: '[1/2] FROM docker.io/library/alpine:latest', t: 10 },
    { kind: 'vertex-done', vertex: 2, t: 200, cached: true },
    { kind: 'vertex-start', vertex: 3, name: '[2/2] RUN echo hi', t: 200 },
    { kind: 'vertex-done', vertex: 3, t: 1400 },
  ] as BuildEvent[];
  for (const ev of evs) {
    sink.push(ev);
    await new Promise((r) => setTimeout(r, 105)); // past the redraw interval: every event draws a frame
  }
  sink.finish();
  const text = screen.rows.map((r) => r.join('').trimEnd()).join('\n').trimEnd();
  const lines = text.split('\n');
  expect(lines[0]).toMatch(/^\[\+\] Building 1\.4s \(3\/3\) FINISHED\s*$/);
  expect(lines.slice(1).map((l) => l.replace(/\s+\d+\.\ds$/, ''))).toEqual([
    ' => [internal] load build definition from Dockerfile',
    ' => CACHED [1/2] FROM docker.io/library/alpine:latest',
    ' => [2/2] RUN echo hi',
  ]);
});
