import { PlainPrinter, TtyView, type BuildEvent } from '../progress/index.ts';
import type { BuildOptions } from './docker.ts';

/** Where the display writes, and what it knows of the terminal. */
export interface ProgressIO {
  stderr(text: string): void;
  /** Whether stderr is an interactive terminal (`--progress=auto` picks `tty`). */
  readonly stderrIsTTY?: boolean;
  /** Terminal width in columns for the tty view (default 80). */
  readonly columns?: number;
}

/** Where a build's events go while it runs. */
export interface ProgressSink {
  push(ev: BuildEvent): void;
  /** The build ended: draw the last frame. */
  finish(): void;
  /** Whether buildx would print the warnings summary after this display. */
  readonly summarizes: boolean;
}

/** Redraw the tty view at most this often (wall clock); the final frame always draws. */
const TTY_INTERVAL_MS = 100;

/**
 * The display `--progress` asks for, on stderr as buildx writes it: `plain` (BuildKit's
 * text log), `tty` (the live view, redrawn in place), `auto` (tty when stderr is a
 * terminal), `rawjson` (one event per line), `quiet` (nothing; the image ID goes to stdout).
 */
export function progressSink(mode: BuildOptions['progress'], io: ProgressIO): ProgressSink {
  const resolved = mode === 'auto' ? (io.stderrIsTTY ? 'tty' : 'plain') : mode;
  switch (resolved) {
    case 'plain': {
      const p = new PlainPrinter((s) => io.stderr(s));
      return { push: (ev) => p.push(ev), finish: () => {}, summarizes: true };
    }
    case 'rawjson':
      return { push: (ev) => io.stderr(JSON.stringify(ev) + '\n'), finish: () => {}, summarizes: false };
    case 'quiet':
      return { push: () => {}, finish: () => {}, summarizes: false };
    default:
      return ttySink(io);
  }
}

function ttySink(io: ProgressIO): ProgressSink {
  const view = new TtyView();
  let drawn = 0; // lines of the previous frame
  let last = 0;
  const draw = (finished: boolean) => {
    const frame = view.frame(io.columns ?? 80, finished);
    // Move to the start of the previous frame and overwrite it line by line.
    let out = drawn > 0 ? `\x1b[${drawn}A\r` : '';
    out += frame
      .split('\n')
      .map((l, i, all) => (i === all.length - 1 && l === '' ? '' : `\x1b[2K${l}\n`))
      .join('');
    const lines = frame.endsWith('\n') ? frame.split('\n').length - 1 : frame.split('\n').length;
    for (let i = lines; i < drawn; i++) out += '\x1b[2K\n';
    if (drawn > lines) out += `\x1b[${drawn - lines}A`;
    drawn = lines;
    io.stderr(out);
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
