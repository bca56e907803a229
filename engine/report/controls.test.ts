import { describe, expect, it } from 'vitest';
import { progressSink } from '../commands/progress.ts';
import type { BuildEvent } from '../progress/index.ts';
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
