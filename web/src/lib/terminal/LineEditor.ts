/**
 * A readline-style line editor for xterm.js input: prompt `$ `, cursor movement,
 * history (Up/Down), Tab completion, Ctrl+C, Ctrl+L, Ctrl+U/K/W, pasted lines.
 * Pure: it turns input data into terminal writes and callbacks, so it is tested in Node.
 */
import type { Completion } from './completion.ts';

/** What the editor needs from its host terminal. */
export interface LineEditorHost {
  /** Write raw terminal data (text and escape sequences). */
  write(data: string): void;
  /** A full line was entered (already echoed and followed by a newline). */
  submit(line: string): void;
  /** Ctrl+C (the host may cancel a running command). */
  interrupt(): void;
  /** Ctrl+L. */
  clearScreen(): void;
  /** Completion for the text before the cursor. */
  complete(before: string): Completion;
  /** The terminal's width, so long lines that wrap are redrawn correctly (default: no wrapping). */
  columns?(): number;
  /** The line being typed changed (`''` once it is run, cancelled or a fresh prompt starts): for previews. */
  changed?(line: string): void;
}

/** The prompt printed before each line. */
export const PROMPT = '$ ';

/** Line editing state and key handling. */
export class LineEditor {
  private line = '';
  private cursor = 0;
  private readonly history: string[] = [];
  /** Index into `history` while browsing; `history.length` means the line being typed. */
  private browsing = 0;
  private draft = '';
  /** `true` while a submitted command runs: typing is ignored, Ctrl+C still interrupts. */
  busy = false;

  constructor(private readonly host: LineEditorHost) {}

  /** The line being edited (for tests and the host). */
  get text(): string {
    return this.line;
  }

  /** Start a fresh line: print the prompt. */
  prompt(): void {
    if (this.line !== '') this.host.changed?.('');
    this.line = '';
    this.cursor = 0;
    this.browsing = this.history.length;
    this.host.write(PROMPT);
  }

  /** Feed data from xterm's `onData` (keys, escape sequences or pasted text). */
  feed(data: string): void {
    let i = 0;
    while (i < data.length) {
      const seq = /^\x1b(\[[0-9;]*[A-Za-z~]|O[A-Za-z])/.exec(data.slice(i));
      if (seq) {
        this.escape(seq[0]);
        i += seq[0].length;
        continue;
      }
      const c = data[i]!;
      i++;
      if (c === '\x03') {
        this.interrupt();
        continue;
      }
      if (this.busy) continue;
      if (c === '\r' || c === '\n') {
        if (c === '\n' && data[i - 2] === '\r') continue;
        this.enter();
      } else if (c === '\x7f' || c === '\b') this.edit(this.line.slice(0, Math.max(0, this.cursor - 1)) + this.line.slice(this.cursor), Math.max(0, this.cursor - 1));
      else if (c === '\t') this.tab();
      else if (c === '\x0c') this.clearScreen();
      else if (c === '\x01') this.move(0);
      else if (c === '\x05') this.move(this.line.length);
      else if (c === '\x15') this.edit(this.line.slice(this.cursor), 0);
      else if (c === '\x0b') this.edit(this.line.slice(0, this.cursor), this.cursor);
      else if (c === '\x17') {
        const start = this.line.slice(0, this.cursor).replace(/\S*\s*$/, '').length;
        this.edit(this.line.slice(0, start) + this.line.slice(this.cursor), start);
      } else if (c >= ' ') this.edit(this.line.slice(0, this.cursor) + c + this.line.slice(this.cursor), this.cursor + 1);
    }
  }

  private escape(seq: string): void {
    if (this.busy) return;
    const key = seq.slice(-1);
    if (seq === '\x1b[3~') this.edit(this.line.slice(0, this.cursor) + this.line.slice(this.cursor + 1), this.cursor);
    else if (key === 'A') this.recall(-1);
    else if (key === 'B') this.recall(1);
    else if (key === 'C') this.move(Math.min(this.line.length, this.cursor + 1));
    else if (key === 'D') this.move(Math.max(0, this.cursor - 1));
    else if (key === 'H' || seq === '\x1b[1~') this.move(0);
    else if (key === 'F' || seq === '\x1b[4~') this.move(this.line.length);
  }

  private enter(): void {
    const line = this.line;
    this.host.write(this.travel(this.cursor, line.length) + '\r\n');
    if (line.trim() !== '' && this.history[this.history.length - 1] !== line) this.history.push(line);
    this.line = '';
    this.cursor = 0;
    this.browsing = this.history.length;
    if (line !== '') this.host.changed?.('');
    this.host.submit(line);
  }

  private interrupt(): void {
    if (!this.busy) {
      this.host.write(this.travel(this.cursor, this.line.length) + '^C\r\n');
      if (this.line !== '') this.host.changed?.('');
      this.line = '';
      this.cursor = 0;
      this.browsing = this.history.length;
    } else {
      this.host.write('^C\r\n'); // the tty echoes it while a command runs, as a shell's does
    }
    this.host.interrupt();
    if (!this.busy) this.host.write(PROMPT);
  }

  private clearScreen(): void {
    this.host.clearScreen();
    this.redraw();
  }

  private tab(): void {
    const before = this.line.slice(0, this.cursor);
    const c = this.host.complete(before);
    if (c.insert !== '') this.edit(before + c.insert + this.line.slice(this.cursor), this.cursor + c.insert.length);
    else if (c.options.length > 0) {
      this.host.write(`${this.travel(this.cursor, this.line.length)}\r\n${c.options.join('  ')}\r\n`);
      this.redraw(true);
    }
  }

  private recall(step: number): void {
    const next = this.browsing + step;
    if (next < 0 || next > this.history.length) return;
    if (this.browsing === this.history.length) this.draft = this.line;
    this.browsing = next;
    const text = next === this.history.length ? this.draft : this.history[next]!;
    this.edit(text, text.length);
  }

  private move(to: number): void {
    if (to === this.cursor) return;
    this.host.write(this.travel(this.cursor, to));
    this.cursor = to;
  }

  /**
   * Where the terminal cursor is (row from the prompt's row, 0-based column) when it
   * stands before character `offset` of a line of `length` characters. At the end of a
   * line that exactly fills its last row, VT terminals keep the cursor on the last column
   * ("pending wrap") rather than on the next row.
   */
  private place(offset: number, length: number): { row: number; col: number } {
    const cols = Math.max(1, this.host.columns?.() ?? Number.MAX_SAFE_INTEGER);
    const pos = PROMPT.length + offset;
    if (offset === length && pos % cols === 0) return { row: pos / cols - 1, col: cols - 1 };
    return { row: Math.floor(pos / cols), col: pos % cols };
  }

  /** Escape sequences moving the cursor from offset `from` to `to` of the current line, across wrapped rows. */
  private travel(from: number, to: number): string {
    const a = this.place(from, this.line.length);
    const b = this.place(to, this.line.length);
    let out = '';
    if (b.row < a.row) out += `\x1b[${a.row - b.row}A`;
    if (b.row > a.row) out += `\x1b[${b.row - a.row}B`;
    if (b.col !== a.col) out += `\x1b[${b.col + 1}G`;
    return out;
  }

  private edit(line: string, cursor: number): void {
    this.redraw(false, line, cursor);
  }

  /**
   * Rewrite the prompt and line: go back to the prompt's first row, clear to the end of
   * the screen, write everything, put the cursor in place. `fresh`: already at a new row.
   */
  private redraw(fresh = false, line = this.line, cursor = this.cursor): void {
    const up = fresh ? 0 : this.place(this.cursor, this.line.length).row;
    let out = fresh ? '' : `${up > 0 ? `\x1b[${up}A` : ''}\r\x1b[J`;
    const changed = line !== this.line;
    this.line = line;
    this.cursor = cursor;
    out += PROMPT + line;
    out += this.travel(line.length, cursor);
    this.host.write(out);
    if (changed) this.host.changed?.(line);
  }
}
