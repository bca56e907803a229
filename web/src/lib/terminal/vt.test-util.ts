/** A minimal VT screen for tests: printable text with pending wrap, CR, LF, CUU/CUD/CHA, ED(J), EL(2K). */
export class TinyScreen {
  rows: string[][] = [[]];
  row = 0;
  col = 0;
  private pending = false;

  constructor(readonly cols: number) {}

  write(data: string): void {
    for (let i = 0; i < data.length; i++) {
      const c = data[i]!;
      if (c === '\x1b') {
        const m = /^\x1b\[(\d*)([A-Za-z])/.exec(data.slice(i))!;
        const n = m[1] === '' ? 1 : Number(m[1]);
        i += m[0].length - 1;
        this.pending = false;
        if (m[2] === 'A') this.row = Math.max(0, this.row - n);
        else if (m[2] === 'B') this.row += n;
        else if (m[2] === 'G') this.col = n - 1;
        else if (m[2] === 'C') this.col = Math.min(this.cols - 1, this.col + n);
        else if (m[2] === 'D') this.col = Math.max(0, this.col - n);
        else if (m[2] === 'J') {
          this.line().length = this.col;
          this.rows.length = this.row + 1;
        } else if (m[2] === 'K') this.rows[this.row] = [];
        continue;
      }
      if (c === '\r') {
        this.col = 0;
        this.pending = false;
      } else if (c === '\n') {
        this.row++;
        this.pending = false;
      } else {
        if (this.pending) {
          this.row++;
          this.col = 0;
          this.pending = false;
        }
        const line = this.line();
        while (line.length < this.col) line.push(' ');
        line[this.col] = c;
        if (this.col === this.cols - 1) this.pending = true;
        else this.col++;
      }
    }
  }

  /** The screen's text, one string per row, trailing spaces trimmed. */
  text(): string[] {
    return this.rows.map((r) => r.join('').trimEnd());
  }

  private line(): string[] {
    while (this.rows.length <= this.row) this.rows.push([]);
    return this.rows[this.row]!;
  }
}
