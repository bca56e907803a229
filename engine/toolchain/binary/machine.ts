/**
 * Hand-assembled machine code for the programs the mocked `go build` writes: one
 * `write(1, text, len)` syscall (skipped when there is nothing to print), then
 * `exit_group(0)`. The text follows the code in the same loadable segment.
 */

/** Linux architectures that get runnable code. */
export type MachineArch = 'amd64' | 'arm64' | 'arm';

function u32le(words: readonly number[]): Uint8Array {
  const out = new Uint8Array(words.length * 4);
  const view = new DataView(out.buffer);
  words.forEach((w, i) => view.setUint32(i * 4, w >>> 0, true));
  return out;
}

/** x86-64: mov eax,1; mov edi,1; mov esi,addr; mov edx,len; syscall; mov eax,231; xor edi,edi; syscall. */
function amd64(textAddr: number, textLen: number): Uint8Array {
  const b: number[] = [];
  const imm32 = (v: number): void => {
    b.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
  };
  if (textLen > 0) {
    b.push(0xb8); imm32(1); // mov eax, 1 (write)
    b.push(0xbf); imm32(1); // mov edi, 1 (stdout)
    b.push(0xbe); imm32(textAddr); // mov esi, text
    b.push(0xba); imm32(textLen); // mov edx, len
    b.push(0x0f, 0x05); // syscall
  }
  b.push(0xb8); imm32(231); // mov eax, 231 (exit_group)
  b.push(0x31, 0xff); // xor edi, edi
  b.push(0x0f, 0x05); // syscall
  return Uint8Array.from(b);
}

const movz = (rd: number, imm: number): number => 0xd2800000 | ((imm & 0xffff) << 5) | rd;
const movk16 = (rd: number, imm: number): number => 0xf2a00000 | ((imm & 0xffff) << 5) | rd;
const SVC0 = 0xd4000001;

/** AArch64: x0=1, x1=text, x2=len, x8=64 (write), svc; x0=0, x8=94 (exit_group), svc. */
function arm64(textAddr: number, textLen: number): Uint8Array {
  const w: number[] = [];
  if (textLen > 0) {
    w.push(movz(0, 1));
    w.push(movz(1, textAddr & 0xffff), movk16(1, textAddr >>> 16));
    w.push(movz(2, textLen & 0xffff), movk16(2, textLen >>> 16));
    w.push(movz(8, 64), SVC0);
  }
  w.push(movz(0, 0), movz(8, 94), SVC0);
  return u32le(w);
}

/** 32-bit ARM (A32, works from ARMv5): r0=1, r1/r2 loaded from a literal pool, r7=4 (write), svc; r7=248 (exit_group). */
function arm(textAddr: number, textLen: number): Uint8Array {
  const MOV_R0_1 = 0xe3a00001;
  const MOV_R0_0 = 0xe3a00000;
  const MOV_R7_WRITE = 0xe3a07004;
  const MOV_R7_EXIT_GROUP = 0xe3a070f8;
  const SVC = 0xef000000;
  if (textLen === 0) return u32le([MOV_R0_0, MOV_R7_EXIT_GROUP, SVC]);
  // ldr rd, [pc, #imm]: pc reads as the instruction address + 8; literals sit at 32 and 36.
  const ldr = (rd: number, at: number, lit: number): number => 0xe59f0000 | (rd << 12) | (lit - (at + 8));
  return u32le([MOV_R0_1, ldr(1, 4, 32), ldr(2, 8, 36), MOV_R7_WRITE, SVC, MOV_R0_0, MOV_R7_EXIT_GROUP, SVC, textAddr, textLen]);
}

/** Code bytes for `arch` that print `textLen` bytes found at virtual address `textAddr`. */
export function programCode(arch: MachineArch, textAddr: number, textLen: number): Uint8Array {
  if (arch === 'amd64') return amd64(textAddr, textLen);
  if (arch === 'arm64') return arm64(textAddr, textLen);
  return arm(textAddr, textLen);
}

/** Length of the code for `arch`, which does not depend on the addresses. */
export function programCodeLength(arch: MachineArch, textLen: number): number {
  return programCode(arch, 0, textLen).length;
}
