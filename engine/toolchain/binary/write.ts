/** Writes the file `go build` produces for a target platform. */
import { recipeBytes, registerRecipe, type RecipeBytes } from '../../fs/index.ts';
import { FNV_START, fnvOn } from '../../util/prng.ts';
import { elfLength, writeElf } from './elf.ts';
import { machOLength, peLength, writeMachO, writePe } from './foreign.ts';
import type { MachineArch } from './machine.ts';
import type { BinaryInfo } from './payload.ts';
import { encodePayload } from './payload.ts';

const ELF_ARCHES: readonly string[] = ['amd64', 'arm64', 'arm'];

/** FNV-1a of a string: the padding seed, so equal inputs give equal bytes. */
export function seedOf(text: string): number {
  return seedOn(SEED_START, text);
}

/** FNV-1a's starting state: `seedOn(SEED_START, a + b)` is `seedOn(seedOn(SEED_START, a), b)`. */
export const SEED_START = FNV_START;

/** FNV-1a state `h` carried on over `text.slice(from, to)` (hashes pieces of a long text without joining or slicing them). */
export function seedOn(h: number, text: string, from = 0, to = text.length): number {
  return fnvOn(h, text, from, to) >>> 0;
}

/**
 * The executable for `info`'s platform, `size` bytes (or slightly more when the
 * headers and payload need it): a runnable static ELF for linux/amd64, arm64 and arm,
 * a Mach-O or PE shaped file for darwin and windows.
 * Throws for a platform the mocked toolchain cannot target.
 */
export function writeBinary(info: BinaryInfo, size: number): Uint8Array {
  const w = writer(info, size);
  return w.write();
}

/** The writer of `info`'s binary, and the length it will have. */
function writer(info: BinaryInfo, size: number): { length: number; write(): Uint8Array } {
  const payload = encodePayload(info);
  const seed = seedOf(`${info.pkg}|${info.goos}/${info.goarch}|${JSON.stringify(info.output)}|${size}`);
  if (info.goos === 'darwin') {
    const o = { goarch: info.goarch, payload, size, seed };
    return { length: machOLength(o), write: () => writeMachO(o) };
  }
  if (info.goos === 'windows') {
    const o = { goarch: info.goarch, payload, size, seed };
    return { length: peLength(o), write: () => writePe(o) };
  }
  if (info.goos === 'linux' && ELF_ARCHES.includes(info.goarch)) {
    const enc = new TextEncoder();
    const writes = info.output.map((c) => ({ fd: c.fd, bytes: enc.encode(c.text) }));
    const o = { arch: info.goarch as MachineArch, writes, payload, size, seed };
    return { length: elfLength(o), write: () => writeElf(o) };
  }
  throw new Error(`unsupported GOOS/GOARCH pair ${info.goos}/${info.goarch}`);
}

const BINARY = 'go-binary';
registerRecipe(BINARY, (args) => {
  const a = args as { info: BinaryInfo; size: number };
  return writeBinary(a.info, a.size);
});

/**
 * `writeBinary(info, size)` as lazy content: the bytes are written only when read (an
 * export, running it), and it crosses to workers as its recipe. Throws like `writeBinary`.
 */
export function lazyBinary(info: BinaryInfo, size: number): RecipeBytes {
  return recipeBytes(BINARY, { info, size }, writer(info, size).length);
}
