import type { Range } from '../source/range.ts';

/**
 * BuildKit's framed source excerpt (`errdefs.Source.Print`): the file name and first
 * line, then the lines around the ranges (2 either side, or 4 of context in all for a
 * single line), `>>>` on the lines a range covers.
 *
 *     Dockerfile:2
 *     --------------------
 *        1 |     FROM alpine
 *        2 | >>> COPPY a b
 *        3 |
 *     --------------------
 */
export function sourceExcerpt(filename: string, text: string, ranges: readonly Range[]): string {
  if (ranges.length === 0) return '';
  const lines = text.split('\n');
  let start = Math.min(...ranges.map((r) => r.start.line));
  let end = Math.max(...ranges.map((r) => Math.max(r.end.line, r.start.line)));
  if (start < 1 || start > lines.length) return '';
  end = Math.min(end, lines.length);
  const first = start;
  const pad = start === end ? 4 : 2;
  for (let p = 0; p < pad; p++) {
    if (start > 1) {
      start--;
      p++;
    }
    if (end !== lines.length) {
      end++;
      p++;
    }
  }
  const covered = (line: number) => ranges.some((r) => r.start.line <= line && Math.max(r.end.line, r.start.line) >= line);
  let out = `${filename}:${first}\n--------------------\n`;
  for (let i = start; i <= end; i++) {
    out += ` ${String(i).padStart(3)} | ${covered(i) ? '>>>' : '   '} ${lines[i - 1]}\n`;
  }
  return out + '--------------------\n';
}
