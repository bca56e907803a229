import { inertControls } from '#engine/report';

/**
 * Turn program output into terminal data that xterm shows as text: `\n` becomes `\r\n`,
 * and control characters (ESC included) are shown in caret notation (`^[`, C1 as `M-^[`)
 * so a file's bytes can never drive the terminal. The terminal's own stderr (a build's tty
 * progress, `clear`) may keep the few sequences BuildKit's live view redraws with: cursor up
 * (`ESC[nA`, then `\r`) and erase line (`ESC[2K`), and `clear`'s whole-screen erase (`ESC[H
 * ESC[2J ESC[3J`); they move and clear, and can never print or change anything else.
 */

/** Options of `toTerminalText`. */
export interface TerminalTextOptions {
  /** Keep the tty view's redraw sequences (cursor up + `\r`, erase line) and `clear`'s erase. */
  readonly redraw?: boolean;
}

const REDRAW = /(\x1b\[\d+A\r?|\x1b\[2K|\x1b\[H\x1b\[2J\x1b\[3J)/;

function caret(text: string): string {
  return inertControls(text).replace(/\n/g, '\r\n');
}

/** `text` as terminal data (see the file comment). */
export function toTerminalText(text: string, opts: TerminalTextOptions = {}): string {
  if (!opts.redraw) return caret(text);
  // split with a capturing group: odd indexes are the allowed sequences
  return text
    .split(REDRAW)
    .map((part, i) => (i % 2 === 1 ? part : caret(part)))
    .join('');
}
