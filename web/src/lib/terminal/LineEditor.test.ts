import { describe, expect, it } from 'vitest';
import { completeLine } from './completion.ts';
import { LineEditor, PROMPT } from './LineEditor.ts';
import { TinyScreen } from './vt.test-util.ts';

function setup() {
  const out = { written: '', submitted: [] as string[], interrupts: 0, clears: 0 };
  const ed = new LineEditor({
    write: (d) => (out.written += d),
    submit: (l) => out.submitted.push(l),
    interrupt: () => out.interrupts++,
    clearScreen: () => out.clears++,
    complete: (before) => completeLine(before, ['cmd']),
  });
  ed.prompt();
  return { ed, out };
}

const UP = '\x1b[A';
const DOWN = '\x1b[B';
const LEFT = '\x1b[D';

describe('LineEditor', () => {
  it('echoes typing after the prompt and submits on Enter', () => {
    const { ed, out } = setup();
    ed.feed('docker images');
    expect(ed.text).toBe('docker images');
    expect(out.written.startsWith(PROMPT)).toBe(true);
    ed.feed('\r');
    expect(out.submitted).toEqual(['docker images']);
    expect(ed.text).toBe('');
  });

  it('edits in the middle of the line: arrows, backspace, delete, home/end, kill word', () => {
    const { ed } = setup();
    ed.feed('dockr');
    ed.feed(LEFT + 'e');
    expect(ed.text).toBe('docker');
    ed.feed('\x01x\x1b[3~');
    expect(ed.text).toBe('xocker');
    ed.feed('\x7f\x05 build .');
    expect(ed.text).toBe('ocker build .');
    ed.feed('\x17\x17');
    expect(ed.text).toBe('ocker ');
    ed.feed('\x15');
    expect(ed.text).toBe('');
  });

  it('walks history with Up/Down and keeps the draft', () => {
    const { ed, out } = setup();
    ed.feed('one\r');
    ed.prompt();
    ed.feed('two\r');
    ed.prompt();
    ed.feed('dra');
    ed.feed(UP);
    expect(ed.text).toBe('two');
    ed.feed(UP + UP);
    expect(ed.text).toBe('one');
    ed.feed(DOWN + DOWN);
    expect(ed.text).toBe('dra');
    expect(out.submitted).toEqual(['one', 'two']);
  });

  it('Ctrl+C abandons the line and reprompts; while busy it only interrupts', () => {
    const { ed, out } = setup();
    ed.feed('docker bui\x03');
    expect(ed.text).toBe('');
    expect(out.written.endsWith(`^C\r\n${PROMPT}`)).toBe(true);
    expect(out.interrupts).toBe(1);
    ed.busy = true;
    ed.feed('ignored\x03');
    expect(ed.text).toBe('');
    expect(out.interrupts).toBe(2);
    expect(out.written.endsWith(`${PROMPT}^C\r\n`)).toBe(true);
  });

  it('completes with Tab and lists ambiguous choices', () => {
    const { ed, out } = setup();
    ed.feed('dock\t');
    expect(ed.text).toBe('docker ');
    ed.feed('build --check \t');
    expect(out.written).toContain('\r\n.  cmd/\r\n');
    ed.feed('c\t');
    expect(ed.text).toBe('docker build --check cmd/');
  });

  it('submits each line of a paste, and Ctrl+L clears the screen keeping the line', () => {
    const { ed, out } = setup();
    ed.feed('help\r\nclear\r');
    expect(out.submitted).toEqual(['help', 'clear']);
    ed.feed('abc\x0c');
    expect(out.clears).toBe(1);
    expect(ed.text).toBe('abc');
  });
});

describe('LineEditor on a narrow terminal (wrapped lines)', () => {
  function narrow(cols: number) {
    const screen = new TinyScreen(cols);
    const submitted: string[] = [];
    const ed = new LineEditor({
      write: (d) => screen.write(d),
      submit: (l) => submitted.push(l),
      interrupt: () => undefined,
      clearScreen: () => undefined,
      complete: () => ({ insert: '', options: [] }),
      columns: () => cols,
    });
    ed.prompt();
    return { ed, screen, submitted };
  }

  it('keeps the screen equal to prompt + line through edits across rows', () => {
    const { ed, screen } = narrow(10);
    ed.feed('docker build --check .');
    expect(screen.text()).toEqual(['$ docker b', 'uild --che', 'ck .']);
    ed.feed('\x01X');
    expect(screen.text()).toEqual(['$ Xdocker', 'build --ch', 'eck .']);
    ed.feed('\x05\x7f\x7f\x7f\x7f\x7f\x7f\x7f');
    expect(screen.text()).toEqual(['$ Xdocker', 'build --']);
    for (let i = 0; i < 9; i++) ed.feed('\x1b[D');
    ed.feed('Y');
    expect(screen.text()).toEqual(['$ XdockerY', ' build --']);
    expect(ed.text).toBe('XdockerY build --');
  });

  it('handles a line that exactly fills its rows, then Enter below it', () => {
    const { ed, screen, submitted } = narrow(10);
    ed.feed('12345678');
    expect(screen.text()).toEqual(['$ 12345678']);
    ed.feed('\x1b[D\x1b[D\x1b[C\x1b[Cabcdefghij');
    expect(screen.text()).toEqual(['$ 12345678', 'abcdefghij']);
    ed.feed('\x1b[D\x1b[D\x1b[D\x1b[D\x1b[D\x1b[D\x1b[D\x1b[D\x1b[D\x1b[D\x1b[D\r');
    screen.write('out\r\n');
    expect(submitted).toEqual(['12345678abcdefghij']);
    expect(screen.text()).toEqual(['$ 12345678', 'abcdefghij', 'out']);
  });

  it('recalls a long history entry over a short draft and back', () => {
    const { ed, screen } = narrow(8);
    ed.feed('a very long command\r');
    screen.write('\r\n');
    ed.prompt();
    ed.feed('x\x1b[A');
    expect(screen.text().slice(-3)).toEqual(['$ a very', ' long co', 'mmand']);
    ed.feed('\x1b[B');
    expect(screen.text().slice(-1)).toEqual(['$ x']);
    expect(screen.text()).toHaveLength(5);
  });

  it('reports each change of the line being typed, and the empty line once it is run or cancelled', () => {
    const seen: string[] = [];
    const ed = new LineEditor({ write: () => {}, submit: () => {}, interrupt: () => {}, clearScreen: () => {}, complete: () => ({ insert: '', options: [] }), changed: (l) => seen.push(l) });
    ed.prompt();
    ed.feed('ab' + LEFT);
    expect(seen).toEqual(['a', 'ab']); // moving the cursor is no change
    ed.feed('\r');
    expect(seen).toEqual(['a', 'ab', '']);
    ed.prompt();
    ed.feed('x\x03');
    expect(seen).toEqual(['a', 'ab', '', 'x', '']);
    ed.feed(UP);
    expect(seen.at(-1)).toBe('ab');
  });
});
