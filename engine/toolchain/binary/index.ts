/** Binaries written by the mocked Go toolchain: real static ELF for Linux, shaped Mach-O/PE otherwise. */
export type { BinaryInfo, OutputChunk } from './payload.ts';
export { hasBinaryMagic, readBinaryInfo, outputOf, encodePayload, PAYLOAD_MARKER } from './payload.ts';
export { writeBinary, seedOf } from './write.ts';
export { writeElf } from './elf.ts';
export type { ElfOptions } from './elf.ts';
export type { MachineArch } from './machine.ts';
