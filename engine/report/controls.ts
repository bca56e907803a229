/**
 * Text from programs, files and build logs made inert before it reaches a terminal: every
 * control character but tab and newline is shown as `cat -v` shows it, C0 and DEL in caret
 * notation (`ESC` → `^[`, `\r` → `^M`, DEL → `^?`) and C1 (U+0080–U+009F, which xterm
 * obeys as CSI, OSC, ... in UTF-8 too) as `M-^[`. So no output can colour, move the
 * cursor, erase, retitle, link or hide anything; the sandbox's own sequences (the tty
 * view's redraws, colours) are added after this, around the inert text. A CR before a
 * newline is dropped (CRLF output reads as lines).
 */
export function inertControls(text: string): string {
  return text.replace(/\r+\n/g, '\n').replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, caret);
}

function caret(c: string): string {
  const code = c.charCodeAt(0);
  if (code === 0x7f) return '^?';
  if (code < 0x20) return `^${String.fromCharCode(code + 64)}`;
  return `M-^${String.fromCharCode(code - 0x80 + 64)}`;
}

/** `JSON.stringify(value)` with DEL and C1 controls escaped too (`\u007f`, `\u0080`–`\u009f`) (the same JSON, inert on a terminal). */
export function inertJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\x7f-\x9f]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
}
