/**
 * The payload every binary written by the mocked `go build` embeds: which platform it
 * targets, the program itself (its sources, run by the simulated Go in `go/interp`) and
 * the lines it prints on its own before it first waits (what the real ELF's `write`
 * syscalls print). The sandbox runs a binary by reading this payload instead of
 * executing machine code.
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
  /**
   * What the program writes from its start until it first waits or ends, in order: fd 1 is
   * stdout, fd 2 stderr. The ELF's code writes exactly this; a binary without `program`
   * (a tool `go install` fetched) replays it in the sandbox too.
   */
  readonly output: readonly OutputChunk[];
  /** The program, for the simulated Go to run (absent for a tool `go install` fetched). */
  readonly program?: GoProgram;
}

/** What a binary carries to be run: the main package and the packages of its module it imports. */
export interface GoProgram {
  /** Import path of the main package. */
  readonly main: string;
  readonly packages: readonly GoProgramPackage[];
  /** `-ldflags -X` overrides: `importpath.name` (or `main.name`) → value. */
  readonly xdefs: Readonly<Record<string, string>>;
}

/** One package of a `GoProgram`. */
export interface GoProgramPackage {
  readonly path: string;
  readonly name: string;
  /**
   * `path`: as the compiler names the file in messages (`cmd/server/main.go`); `abs`: as a
   * panic's trace does (`/src/cmd/server/main.go`, module-based with -trimpath); `src`: its text.
   */
  readonly files: readonly { readonly path: string; readonly abs: string; readonly src: string }[];
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
    ...(info.program ? { program: info.program } : {}),
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
    const program = asProgram(raw['program']);
    return { goos: str('goos'), goarch: str('goarch'), goarm: str('goarm'), pkg: str('pkg'), ...(interp ? { interp } : {}), output, ...(program ? { program } : {}) };
  } catch {
    return undefined;
  }
}

/** `v` when it has a `GoProgram`'s shape. */
function asProgram(v: unknown): GoProgram | undefined {
  const p = v as GoProgram | undefined;
  if (!p || typeof p.main !== 'string' || !Array.isArray(p.packages) || typeof p.xdefs !== 'object' || p.xdefs === null) return undefined;
  const ok = p.packages.every(
    (pkg) => typeof pkg.path === 'string' && typeof pkg.name === 'string' && Array.isArray(pkg.files) && pkg.files.every((f: GoProgramPackage['files'][number]) => typeof f.path === 'string' && typeof f.abs === 'string' && typeof f.src === 'string'),
  );
  return ok ? p : undefined;
}
