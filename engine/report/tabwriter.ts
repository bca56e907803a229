/**
 * Go's `text/tabwriter` for the subset Docker's CLIs use (no alignment flags): cells end at
 * `\t`; each column is as wide as its widest cell plus `padding`; the text after a line's
 * last tab is not a cell and is never padded. Columns are computed per block of
 * consecutive lines that have a cell in that column, as Go does.
 */
export function tabwrite(text: string, opts: { minWidth?: number; padding?: number } = {}): string {
  const minWidth = opts.minWidth ?? 0;
  const padding = opts.padding ?? 1;
  const lines = text.split('\n');
  const rows = lines.map((l) => l.split('\t'));
  const out: string[][] = rows.map((r) => []);
  formatColumn(rows, out, 0, 0, rows.length, minWidth, padding);
  return rows.map((r, i) => out[i]!.join('') + r[r.length - 1]).join('\n');
}

/** Lay out column `col` for rows [start, end), recursing into blocks of the next column. */
function formatColumn(rows: string[][], out: string[][], col: number, start: number, end: number, minWidth: number, padding: number): void {
  let i = start;
  while (i < end) {
    // skip rows that have no cell in this column
    if (rows[i]!.length - 1 <= col) {
      i++;
      continue;
    }
    let j = i;
    let width = minWidth;
    while (j < end && rows[j]!.length - 1 > col) {
      width = Math.max(width, [...rows[j]![col]!].length + padding);
      j++;
    }
    for (let k = i; k < j; k++) {
      const cell = rows[k]![col]!;
      out[k]!.push(cell + ' '.repeat(width - [...cell].length));
    }
    formatColumn(rows, out, col + 1, i, j, minWidth, padding);
    i = j;
  }
}
