/**
 * How the sandbox recognises its simulated executables. A base-image tool (busybox,
 * go, apk, golangci-lint) is a file whose first 4 KiB contain `stageplay-tool:<name>\n`;
 * the rest of the file is deterministic filler sized like the real binary.
 */
export const TOOL_MARKER = 'stageplay-tool:';

const enc = new TextEncoder();
const dec = new TextDecoder();

/** The marker bytes for tool `name`. */
export function toolMarker(name: string): Uint8Array {
  return enc.encode(`${TOOL_MARKER}${name}\n`);
}

/** The tool name marked in `head` (the first bytes of a file), if any. */
export function readToolMarker(head: Uint8Array): string | undefined {
  const text = dec.decode(head.subarray(0, 4096));
  const at = text.indexOf(TOOL_MARKER);
  if (at < 0) return undefined;
  const end = text.indexOf('\n', at);
  if (end < 0) return undefined;
  return text.slice(at + TOOL_MARKER.length, end);
}
