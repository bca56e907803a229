/**
 * Turn program output into terminal data that xterm shows as text: `\n` becomes `\r\n`,
 * and control characters (ESC included) are shown in caret notation (`^[`) so a file's
 * bytes can never drive the terminal.
 */
export function toTerminalText(text: string): string {
  return text
    .replace(/\r?\n/g, '\n')
    .replace(/[\x00-\x08\x0b-\x1f\x7f]/g, (c) => (c === '\x7f' ? '^?' : `^${String.fromCharCode(c.charCodeAt(0) + 64)}`))
    .replace(/\n/g, '\r\n');
}
