import { ErrorLogs, PLAIN_ERROR_LOG_LINES, PlainPrinter, TtyView, type BuildEvent } from '../progress/index.ts';
import { inertControls, inertJson } from '../report/controls.ts';
import type { BuildFlags } from './docker.ts';

/** Where the display writes, and what it knows of the terminal. */
export interface ProgressIO {
  stderr(text: string): void;
  /** Whether stderr is an interactive terminal (`--progress=auto` picks `tty`). */
  readonly stderrIsTTY?: boolean;
  /** Terminal width in columns for the tty view (default 80). */
  readonly columns?: number;
  /** Terminal height in rows: live tty frames fit it (default: unbounded). */
  readonly rows?: number;
}

/** Where a build's events go while it runs. */
export interface ProgressSink {
  push(ev: BuildEvent): void;
  /** The build ended: draw the last frame, then the failed steps' logs (BuildKit's `------` block). */
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
 * When stderr is a terminal, step output and names are shown inert (`inertControls`: `ESC`
 * as `^[`, C1 as `M-^[`); redirected, they are written as the steps wrote them, as BuildKit does.
 */
export function progressSink(mode: BuildFlags['progress'], io: ProgressIO): ProgressSink {
  const sink = displaySink(mode, io);
  if (!io.stderrIsTTY || mode === 'rawjson') return sink;
  // On a terminal, step output and every name is made inert before the display adds its own sequences.
  return { ...sink, push: (ev) => sink.push(inertEvent(ev)) };
}

/** `ev` with its text (step output, names, errors) shown inert (`inertControls`). */
function inertEvent(ev: BuildEvent): BuildEvent {
  switch (ev.kind) {
    case 'vertex-log':
      return { ...ev, data: inertControls(ev.data) };
    case 'vertex-start':
      return { ...ev, name: inertControls(ev.name) };
    case 'vertex-status':
      return { ...ev, id: inertControls(ev.id) };
    case 'vertex-done':
      return ev.error === undefined ? ev : { ...ev, error: inertControls(ev.error) };
    case 'warning':
      return { ...ev, detail: inertControls(ev.detail) };
    default:
      return ev;
  }
}

function displaySink(mode: BuildFlags['progress'], io: ProgressIO): ProgressSink {
  const resolved = mode === 'auto' ? (io.stderrIsTTY ? 'tty' : 'plain') : mode;
  switch (resolved) {
    case 'plain': {
      const p = new PlainPrinter((s) => io.stderr(s));
      const failed = new ErrorLogs();
      return {
        push: (ev) => {
          p.push(ev);
          failed.push(ev);
        },
        finish: () => io.stderr(failed.text(PLAIN_ERROR_LOG_LINES)),
        summarizes: true,
      };
    }
    case 'rawjson':
      return { push: (ev) => io.stderr(inertJson(ev) + '\n'), finish: () => {}, summarizes: false };
    case 'quiet':
      return { push: () => {}, finish: () => {}, summarizes: false };
    default:
      return ttySink(io);
  }
}

/**
 * The frame's lines (without line ends). With the terminal's height known, a live frame
 * taller than it keeps its header and the last rows that fit, as buildx's display does, so
 * redrawing in place (cursor up, erase line) never leaves stale frames in the scrollback;
 * the final frame is drawn whole.
 */
export function fitFrame(frame: string, rows: number | undefined, finished: boolean): string[] {
  const lines = frame.endsWith('\n') ? frame.slice(0, -1).split('\n') : frame.split('\n');
  // one row stays free for the cursor below the frame
  if (rows === undefined || finished || lines.length <= rows - 1) return lines;
  const keep = Math.max(0, rows - 2);
  return [lines[0]!, ...(keep > 0 ? lines.slice(-keep) : [])];
}

function ttySink(io: ProgressIO): ProgressSink {
  const view = new TtyView();
  const failed = new ErrorLogs();
  let drawn = 0; // lines of the previous frame
  let last = 0;
  const draw = (finished: boolean) => {
    const lines = fitFrame(view.frame(io.columns ?? 80, finished), io.rows, finished);
    // Move to the start of the previous frame and overwrite it line by line.
    let out = drawn > 0 ? `\x1b[${drawn}A\r` : '';
    for (const l of lines) out += `\x1b[2K${l}\n`;
    for (let i = lines.length; i < drawn; i++) out += '\x1b[2K\n';
    if (drawn > lines.length) out += `\x1b[${drawn - lines.length}A`;
    drawn = lines.length;
    io.stderr(out);
  };
  return {
    push(ev) {
      view.push(ev);
      failed.push(ev);
      const now = Date.now();
      if (now - last >= TTY_INTERVAL_MS) {
        last = now;
        draw(false);
      }
    },
    finish: () => {
      draw(true);
      io.stderr(failed.text());
    },
    summarizes: true,
  };
}
