/**
 * BuildKit's tty progress for a terminal of known size: like the engine's tty sink
 * (`engine/commands/progress.ts`), but a live frame taller than the terminal keeps its
 * header and only the last rows that fit, as buildx's display does, so redrawing in place
 * (cursor up, erase line) never leaves stale frames in the scrollback. The final frame is
 * drawn whole.
 */
import type { ProgressSink } from '../../../../engine/commands/index.ts';
import { TtyView } from '../../../../engine/progress/index.ts';

/** Redraw at most this often (wall clock, ms); the final frame always draws. */
const TTY_INTERVAL_MS = 100;

/** The frame's lines (without line ends), cut to `rows` unless it is the final frame. */
export function fitFrame(frame: string, rows: number, finished: boolean): string[] {
  const lines = frame.endsWith('\n') ? frame.slice(0, -1).split('\n') : frame.split('\n');
  // one row stays free for the cursor below the frame
  if (finished || lines.length <= rows - 1) return lines;
  const keep = Math.max(0, rows - 2);
  return [lines[0]!, ...(keep > 0 ? lines.slice(-keep) : [])];
}

/** A tty progress sink writing to `stderr` for a `columns` × `rows` terminal. */
export function fittedTtySink(stderr: (text: string) => void, columns: number, rows: number): ProgressSink {
  const view = new TtyView();
  let drawn = 0;
  let last = 0;
  const draw = (finished: boolean) => {
    const lines = fitFrame(view.frame(columns, finished), rows, finished);
    let out = drawn > 0 ? `\x1b[${drawn}A\r` : '';
    for (const l of lines) out += `\x1b[2K${l}\n`;
    for (let i = lines.length; i < drawn; i++) out += '\x1b[2K\n';
    if (drawn > lines.length) out += `\x1b[${drawn - lines.length}A`;
    drawn = lines.length;
    stderr(out);
  };
  return {
    push(ev) {
      view.push(ev);
      const now = Date.now();
      if (now - last >= TTY_INTERVAL_MS) {
        last = now;
        draw(false);
      }
    },
    finish: () => draw(true),
    summarizes: true,
  };
}
