/**
 * BuildKit reads a Dockerfile with a `bufio.Scanner` whose split function keeps each
 * line's ending (`scanLines`), and whose token limit (64 KiB) makes an overlong line stop
 * the scan with an error. This class does the same over a string.
 */

/** Longest physical line BuildKit accepts, in UTF-8 bytes including a `\r` (not the `\n`). */
export const MAX_LINE_BYTES = 65535;

/** Message of BuildKit's `handleScannerError` for `bufio.ErrTooLong`. */
export const LINE_TOO_LONG_MESSAGE = `dockerfile line greater than max allowed size of ${MAX_LINE_BYTES}`;

export class LineScanner {
  private pos = 0;
  /** The current physical line, line ending included (`\n`, `\r\n` or none at EOF). */
  text = '';
  /** 1-based number of `text` (0 before the first `scan()`). */
  line = 0;
  /** Set when the scan stopped on a line longer than {@link MAX_LINE_BYTES}. */
  tooLongLine: number | undefined;

  constructor(private readonly src: string) {}

  /** Advances to the next line; false at end of input or after an overlong line. */
  scan(): boolean {
    if (this.pos >= this.src.length || this.tooLongLine !== undefined) return false;
    const nl = this.src.indexOf('\n', this.pos);
    const end = nl < 0 ? this.src.length : nl + 1;
    const contentEnd = nl < 0 ? end : nl;
    if (contentEnd - this.pos > MAX_LINE_BYTES / 3 && utf8Length(this.src, this.pos, contentEnd) > MAX_LINE_BYTES) {
      this.tooLongLine = this.line + 1;
      return false;
    }
    this.text = this.src.slice(this.pos, end);
    this.pos = end;
    this.line++;
    return true;
  }
}

/** UTF-8 byte length of `s[start:end]` (a lone surrogate counts as the 3-byte U+FFFD). */
export function utf8Length(s: string, start = 0, end = s.length): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/** Go's `bytes.TrimRight(line, "\r\n")`. */
export function trimNewline(s: string): string {
  let end = s.length;
  while (end > 0 && (s[end - 1] === '\n' || s[end - 1] === '\r')) end--;
  return end === s.length ? s : s.slice(0, end);
}
