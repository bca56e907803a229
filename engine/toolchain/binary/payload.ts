/**
 * The payload every binary written by the mocked `go build` embeds: what the program
 * prints and which platform it targets. The sandbox "runs" a binary by reading this
 * payload instead of executing machine code.
 */

/** What a built program does and which platform it was built for. */
export interface BinaryInfo {
  /** GOOS the binary targets (`linux`, `darwin`, `windows`). */
  readonly goos: string;
  /** GOARCH the binary targets (`amd64`, `arm64`, `arm`). */
  readonly goarch: string;
  /** GOARM for `arm` (e.g. `7`), empty otherwise. */
  readonly goarm: string;
  /** Import path of the main package (`github.com/stageplay/buildme/cmd/server`). */
  readonly pkg: string;
  /** ELF interpreter of a dynamically linked (cgo) binary, e.g. `/lib/ld-musl-x86_64.so.1`; absent when static. */
  readonly interp?: string;
  /** What the program writes, in order: fd 1 is stdout, fd 2 stderr (Go's builtin `println`). */
  readonly output: readonly OutputChunk[];
}

/** One `write(fd, text)` the program makes. */
export interface OutputChunk {
  readonly fd: 1 | 2;
  readonly text: string;
}

/** Concatenated text the program writes to `fd`. */
export function outputOf(info: BinaryInfo, fd: 1 | 2): string {
  return info.output.filter((c) => c.fd === fd).map((c) => c.text).join('');
}

/** Bytes that precede the JSON payload inside a binary. */
export const PAYLOAD_MARKER = 'stageplay-binary:';

const enc = new TextEncoder();
const dec = new TextDecoder();

/** `stageplay-binary:<json>\n` bytes for `info` (JSON never contains a raw newline). */
export function encodePayload(info: BinaryInfo): Uint8Array {
  const json = JSON.stringify({
    goos: info.goos,
    goarch: info.goarch,
    goarm: info.goarm,
    pkg: info.pkg,
    output: info.output,
    ...(info.interp ? { interp: info.interp } : {}),
  });
  return enc.encode(`${PAYLOAD_MARKER}${json}\n`);
}

/** How far into a file the payload is searched for (it sits right after the headers and code). */
const SEARCH_LIMIT = 1 << 20;

function indexOfBytes(hay: Uint8Array, needle: Uint8Array, limit: number): number {
  const end = Math.min(hay.length, limit) - needle.length;
  const first = needle[0];
  outer: for (let i = 0; i <= end; i++) {
    if (hay[i] !== first) continue;
    for (let j = 1; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** Whether `head` starts like an executable the mocked `go build` writes (ELF, PE or 64-bit Mach-O). */
export function hasBinaryMagic(head: Uint8Array): boolean {
  return (
    (head[0] === 0x7f && head[1] === 0x45 && head[2] === 0x4c && head[3] === 0x46) || // ELF
    (head[0] === 0x4d && head[1] === 0x5a) || // PE (MZ)
    (head[0] === 0xcf && head[1] === 0xfa && head[2] === 0xed && head[3] === 0xfe) // Mach-O 64 LE
  );
}

/**
 * The payload of a binary written by the mocked `go build`, or undefined for any other
 * file (base-image tools, scripts, arbitrary data).
 */
export function readBinaryInfo(bytes: Uint8Array): BinaryInfo | undefined {
  if (!hasBinaryMagic(bytes)) return undefined;
  const marker = enc.encode(PAYLOAD_MARKER);
  const at = indexOfBytes(bytes, marker, SEARCH_LIMIT);
  if (at < 0) return undefined;
  const start = at + marker.length;
  let end = start;
  while (end < bytes.length && bytes[end] !== 0x0a) end++;
  try {
    const raw = JSON.parse(dec.decode(bytes.subarray(start, end))) as Record<string, unknown>;
    const str = (k: string): string => (typeof raw[k] === 'string' ? (raw[k] as string) : '');
    const output = Array.isArray(raw['output'])
      ? (raw['output'] as unknown[]).flatMap((c): OutputChunk[] => {
          const o = c as { fd?: unknown; text?: unknown };
          return (o.fd === 1 || o.fd === 2) && typeof o.text === 'string' ? [{ fd: o.fd, text: o.text }] : [];
        })
      : [];
    const interp = str('interp');
    return { goos: str('goos'), goarch: str('goarch'), goarm: str('goarm'), pkg: str('pkg'), ...(interp ? { interp } : {}), output };
  } catch {
    return undefined;
  }
}
