/**
 * Mach-O (darwin) and PE (windows) shaped files: right magic and header fields, the
 * stageplay payload, and deterministic padding to a realistic size. They are not meant
 * to run; the sandbox only reads their payload.
 */
import { fillPadding } from './padding.ts';

/** Options for the non-Linux writers. */
export interface ForeignOptions {
  readonly goarch: string;
  readonly payload: Uint8Array;
  readonly size: number;
  readonly seed: number;
}

const MACHO_CPU: Record<string, number> = { amd64: 0x01000007, arm64: 0x0100000c };

/** Bytes of the Mach-O header. */
const MACHO_HEAD = 32;

/** The length of the file `writeMachO(o)` writes. */
export function machOLength(o: ForeignOptions): number {
  return Math.max(o.size, MACHO_HEAD + o.payload.length);
}

/** A Mach-O 64-bit executable header (MH_MAGIC_64, MH_EXECUTE) followed by payload and padding. */
export function writeMachO(o: ForeignOptions): Uint8Array {
  const head = MACHO_HEAD;
  const size = machOLength(o);
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  v.setUint32(0, 0xfeedfacf, true);
  v.setUint32(4, MACHO_CPU[o.goarch] ?? MACHO_CPU['amd64']!, true);
  v.setUint32(8, o.goarch === 'arm64' ? 0 : 3, true); // cpusubtype: ARM64_ALL / X86_64_ALL
  v.setUint32(12, 2, true); // MH_EXECUTE
  v.setUint32(16, 0, true); // ncmds: no load commands, not runnable
  v.setUint32(20, 0, true);
  v.setUint32(24, 0x00200085, true); // MH_NOUNDEFS | MH_DYLDLINK | MH_TWOLEVEL | MH_PIE
  out.set(o.payload, head);
  const padAt = head + o.payload.length;
  fillPadding(out, padAt, size - padAt, o.seed);
  return out;
}

const PE_MACHINE: Record<string, number> = { amd64: 0x8664, arm64: 0xaa64, '386': 0x14c, arm: 0x1c4 };

/** Where the PE headers sit for `goarch`. */
function peLayout(goarch: string) {
  const peOff = 0x80;
  const wide = goarch === 'amd64' || goarch === 'arm64';
  const optSize = wide ? 240 : 224;
  const opt = peOff + 24;
  return { peOff, wide, optSize, opt, head: opt + optSize };
}

/** The length of the file `writePe(o)` writes. */
export function peLength(o: ForeignOptions): number {
  return Math.max(o.size, peLayout(o.goarch).head + o.payload.length);
}

/**
 * An MZ stub pointing at a `PE\0\0` header (COFF machine set) and an optional header
 * (PE32+ for 64-bit, PE32 otherwise; console subsystem, as Go links), followed by payload
 * and padding. `file` reads it as `PE32+ executable (console) x86-64, for MS Windows`.
 */
export function writePe(o: ForeignOptions): Uint8Array {
  const { peOff, wide, optSize, opt, head } = peLayout(o.goarch);
  const size = peLength(o);
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  out.set([0x4d, 0x5a], 0);
  v.setUint32(0x3c, peOff, true);
  out.set([0x50, 0x45, 0, 0], peOff);
  v.setUint16(peOff + 4, PE_MACHINE[o.goarch] ?? 0x8664, true);
  v.setUint16(peOff + 6, 0, true); // no sections: not meant to run
  v.setUint16(peOff + 20, optSize, true);
  v.setUint16(peOff + 22, wide ? 0x0022 : 0x0102, true); // EXECUTABLE_IMAGE | LARGE_ADDRESS_AWARE (32BIT_MACHINE)
  v.setUint16(opt, wide ? 0x20b : 0x10b, true); // PE32+ / PE32 magic
  out[opt + 2] = 3; // linker version, as Go's linker writes
  v.setUint32(opt + 32, 0x1000, true); // SectionAlignment
  v.setUint32(opt + 36, 0x200, true); // FileAlignment
  v.setUint16(opt + 40, 6, true); // MajorOperatingSystemVersion
  v.setUint16(opt + 48, 6, true); // MajorSubsystemVersion
  v.setUint16(opt + 68, 3, true); // IMAGE_SUBSYSTEM_WINDOWS_CUI (console)
  v.setUint32(opt + (wide ? 108 : 92), 16, true); // NumberOfRvaAndSizes
  out.set(o.payload, head);
  const padAt = head + o.payload.length;
  fillPadding(out, padAt, size - padAt, o.seed);
  return out;
}
