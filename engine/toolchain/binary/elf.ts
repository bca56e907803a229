/**
 * A minimal, valid static ELF executable: ELF header, one PT_LOAD (R+X) segment holding
 * code and text, one PT_NOTE segment with the stageplay payload, then a non-allocated
 * padding section that gives the file a realistic size, and a section header table so
 * tools like `file` and `readelf` see a well-formed binary.
 */
import type { MachineArch } from './machine.ts';
import { programCode, programCodeLength } from './machine.ts';
import { fillPadding } from './padding.ts';

interface ArchSpec {
  readonly is64: boolean;
  readonly machine: number;
  readonly flags: number;
  readonly base: number;
}

/** e_machine: EM_X86_64 = 62, EM_AARCH64 = 183, EM_ARM = 40 (Go's base addresses). */
const ARCHES: Record<MachineArch, ArchSpec> = {
  amd64: { is64: true, machine: 62, flags: 0, base: 0x400000 },
  arm64: { is64: true, machine: 183, flags: 0, base: 0x10000 },
  arm: { is64: false, machine: 40, flags: 0x5000002, base: 0x10000 },
};

const align = (n: number, a: number): number => Math.ceil(n / a) * a;

/** Section names, in `.shstrtab` order. */
const SHSTR = '\0.text\0.note.stageplay\0.gosymtab.pad\0.shstrtab\0';
const nameOff = (name: string): number => SHSTR.indexOf(`\0${name}\0`) + 1;

/** Options for `writeElf`. */
export interface ElfOptions {
  readonly arch: MachineArch;
  /** What the program writes, in order (fd 1 or 2 and the bytes). */
  readonly writes: readonly { readonly fd: number; readonly bytes: Uint8Array }[];
  /** Note descriptor: the stageplay payload bytes. */
  readonly payload: Uint8Array;
  /** Total file size wanted; the padding section grows to reach it (never shrinks below the minimum). */
  readonly size: number;
  /** Seed of the deterministic padding. */
  readonly seed: number;
}

const NOTE_NAME = new TextEncoder().encode('stageplay\0');

/** Where everything sits in the file (`writeElf` writes it, `elfLength` sizes it). */
function layout(o: ElfOptions) {
  const spec = ARCHES[o.arch];
  const ehsize = spec.is64 ? 64 : 52;
  const phentsize = spec.is64 ? 56 : 32;
  const shentsize = spec.is64 ? 64 : 40;
  const phnum = 2;
  const codeOff = ehsize + phentsize * phnum;
  const writes = o.writes.filter((w) => w.bytes.length > 0);
  const codeLen = programCodeLength(o.arch, writes.length);
  const textOff = codeOff + codeLen;
  const loadEnd = textOff + writes.reduce((n, w) => n + w.bytes.length, 0);
  const noteOff = align(loadEnd, 4);
  const noteSize = 12 + align(NOTE_NAME.length, 4) + align(o.payload.length, 4);
  const shstrOff = noteOff + noteSize;
  const padOff = align(shstrOff + SHSTR.length, 16);
  const shnum = 5;
  const shSize = shnum * shentsize;
  const minSize = padOff + shSize;
  const padLen = Math.max(0, align(o.size, 8) - minSize);
  const shOff = padOff + padLen;
  return { spec, ehsize, phentsize, shentsize, phnum, codeOff, writes, textOff, loadEnd, noteOff, noteSize, shstrOff, padOff, shnum, padLen, shOff, length: shOff + shSize };
}

/** The length of the file `writeElf(o)` writes, without writing it. */
export function elfLength(o: ElfOptions): number {
  return layout(o).length;
}

/** Writes a static ELF executable for `arch` (see module doc). */
export function writeElf(o: ElfOptions): Uint8Array {
  const { spec, ehsize, phentsize, shentsize, phnum, codeOff, writes, textOff, loadEnd, noteOff, noteSize, shstrOff, padOff, shnum, padLen, shOff, length } = layout(o);
  const noteName = NOTE_NAME;
  const out = new Uint8Array(length);
  const v = new DataView(out.buffer);
  const addr = (off: number): number => spec.base + off;
  // Word-size helpers: 64-bit fields are written as two LE halves (all values < 2^32).
  const wa = (at: number, val: number): number => {
    if (spec.is64) {
      v.setUint32(at, val >>> 0, true);
      v.setUint32(at + 4, 0, true);
      return at + 8;
    }
    v.setUint32(at, val >>> 0, true);
    return at + 4;
  };

  // ELF header.
  out.set([0x7f, 0x45, 0x4c, 0x46, spec.is64 ? 2 : 1, 1, 1, 0]);
  v.setUint16(16, 2, true); // ET_EXEC
  v.setUint16(18, spec.machine, true);
  v.setUint32(20, 1, true);
  let p = wa(24, addr(codeOff)); // e_entry
  p = wa(p, ehsize); // e_phoff
  p = wa(p, shOff); // e_shoff
  v.setUint32(p, spec.flags, true);
  v.setUint16(p + 4, ehsize, true);
  v.setUint16(p + 6, phentsize, true);
  v.setUint16(p + 8, phnum, true);
  v.setUint16(p + 10, shentsize, true);
  v.setUint16(p + 12, shnum, true);
  v.setUint16(p + 14, 4, true); // e_shstrndx

  // Program headers: PT_LOAD (R+X) from offset 0 through the note, PT_NOTE (R).
  const phdr = (at: number, type: number, flags: number, off: number, size: number, palign: number): void => {
    v.setUint32(at, type, true);
    if (spec.is64) {
      v.setUint32(at + 4, flags, true);
      let q = wa(at + 8, off);
      q = wa(q, addr(off));
      q = wa(q, addr(off));
      q = wa(q, size);
      q = wa(q, size);
      wa(q, palign);
    } else {
      let q = wa(at + 4, off);
      q = wa(q, addr(off));
      q = wa(q, addr(off));
      q = wa(q, size);
      q = wa(q, size);
      v.setUint32(q, flags, true);
      v.setUint32(q + 4, palign, true);
    }
  };
  phdr(ehsize, 1, 5, 0, noteOff + noteSize, 0x1000);
  phdr(ehsize + phentsize, 4, 4, noteOff, noteSize, 4);

  const calls = [];
  let at = textOff;
  for (const w of writes) {
    out.set(w.bytes, at);
    calls.push({ fd: w.fd, addr: addr(at), len: w.bytes.length });
    at += w.bytes.length;
  }
  out.set(programCode(o.arch, calls), codeOff);
  v.setUint32(noteOff, noteName.length, true);
  v.setUint32(noteOff + 4, o.payload.length, true);
  v.setUint32(noteOff + 8, 1, true);
  out.set(noteName, noteOff + 12);
  out.set(o.payload, noteOff + 12 + align(noteName.length, 4));
  out.set(new TextEncoder().encode(SHSTR), shstrOff);
  fillPadding(out, padOff, padLen, o.seed);

  // Section headers: null, .text, .note.stageplay, padding, .shstrtab.
  const shdr = (i: number, name: string, type: number, flags: number, a: number, off: number, size: number, al: number): void => {
    const at = shOff + i * shentsize;
    v.setUint32(at, nameOff(name), true);
    v.setUint32(at + 4, type, true);
    let q = wa(at + 8, flags);
    q = wa(q, a);
    q = wa(q, off);
    q = wa(q, size);
    v.setUint32(q, 0, true);
    v.setUint32(q + 4, 0, true);
    q = wa(q + 8, al);
    wa(q, 0);
  };
  shdr(1, '.text', 1, 0x6, addr(codeOff), codeOff, loadEnd - codeOff, 4);
  shdr(2, '.note.stageplay', 7, 0x2, addr(noteOff), noteOff, noteSize, 4);
  shdr(3, '.gosymtab.pad', 1, 0, 0, padOff, padLen, 1);
  shdr(4, '.shstrtab', 3, 0, 0, shstrOff, SHSTR.length, 1);
  return out;
}
