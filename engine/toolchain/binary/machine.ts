/**
 * Hand-assembled machine code for the programs the mocked `go build` writes: one
 * `write(fd, text, len)` syscall per output chunk, then `exit_group(0)`. The texts
 * follow the code in the same loadable segment.
 */

/** Linux architectures that get runnable code. */
export type MachineArch = 'amd64' | 'arm64' | 'arm';

/** One write syscall: file descriptor, virtual address and length of its bytes. */
export interface WriteCall {
  readonly fd: number;
  readonly addr: number;
  readonly len: number;
}

function u32le(words: readonly number[]): Uint8Array {
  const out = new Uint8Array(words.length * 4);
  const view = new DataView(out.buffer);
  words.forEach((w, i) => view.setUint32(i * 4, w >>> 0, true));
  return out;
}

/** x86-64: per write `mov eax,1; mov edi,fd; mov esi,addr; mov edx,len; syscall`; then `mov eax,231; xor edi,edi; syscall`. */
function amd64(writes: readonly WriteCall[]): Uint8Array {
  const b: number[] = [];
  const imm32 = (v: number): void => {
    b.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
  };
  for (const w of writes) {
    b.push(0xb8); imm32(1); // mov eax, 1 (write)
    b.push(0xbf); imm32(w.fd); // mov edi, fd
    b.push(0xbe); imm32(w.addr); // mov esi, text
    b.push(0xba); imm32(w.len); // mov edx, len
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

/** AArch64: per write x0=fd, x1=text, x2=len, x8=64 (write), svc; then x0=0, x8=94 (exit_group), svc. */
function arm64(writes: readonly WriteCall[]): Uint8Array {
  const w: number[] = [];
  for (const c of writes) {
    w.push(movz(0, c.fd));
    w.push(movz(1, c.addr & 0xffff), movk16(1, c.addr >>> 16));
    w.push(movz(2, c.len & 0xffff), movk16(2, c.len >>> 16));
    w.push(movz(8, 64), SVC0);
  }
  w.push(movz(0, 0), movz(8, 94), SVC0);
  return u32le(w);
}

/**
 * 32-bit ARM (A32, runs from ARMv5): per write `mov r0,#fd; ldr r1,[pc,#4]; ldr r2,[pc,#4];
 * b over; .word addr; .word len; mov r7,#4; svc 0`; then r0=0, r7=248 (exit_group), svc.
 */
function arm(writes: readonly WriteCall[]): Uint8Array {
  const w: number[] = [];
  for (const c of writes) {
    w.push(0xe3a00000 | c.fd, 0xe59f1004, 0xe59f2004, 0xea000001, c.addr, c.len, 0xe3a07004, 0xef000000);
  }
  w.push(0xe3a00000, 0xe3a070f8, 0xef000000);
  return u32le(w);
}

/** Code bytes for `arch` making `writes` in order, then exiting with status 0. */
export function programCode(arch: MachineArch, writes: readonly WriteCall[]): Uint8Array {
  if (arch === 'amd64') return amd64(writes);
  if (arch === 'arm64') return arm64(writes);
  return arm(writes);
}

/** Length of the code for `arch` and `count` writes (it does not depend on the addresses). */
export function programCodeLength(arch: MachineArch, count: number): number {
  return programCode(arch, Array.from({ length: count }, () => ({ fd: 1, addr: 0, len: 0 }))).length;
}
