/**
 * The memory one RUN's shell may hold, so a string doubled in a loop or a pipe fed without
 * end stops the shell with ash's `out of memory` (exit 1) instead of the JavaScript heap
 * running out and taking the build's thread (or the browser tab) with it.
 */
import { DEFAULT_LIMIT_BYTES } from '../../fs/overlay.ts';
import { FatalError } from './signals.ts';

/** The longest string the shell makes: one variable's value, one expanded word, one `$(...)` output (64 MiB). */
export const MAX_SHELL_STRING = 64 << 20;
/** All variables of one shell together (counted in characters), and the bytes buffered in one pipe: 512 MiB, what a stage's files may hold. */
export const MAX_SHELL_MEMORY = DEFAULT_LIMIT_BYTES;

/** ash's failed allocation: `sh: out of memory`, status 1. */
export class OutOfMemory extends FatalError {
  constructor() {
    super('out of memory', 1);
  }
}

/** `s`, unless it is longer than {@link MAX_SHELL_STRING}. */
export function boundedString(s: string): string {
  if (s.length > MAX_SHELL_STRING) throw new OutOfMemory();
  return s;
}

/** A shell's variables: a Map that refuses a value past {@link MAX_SHELL_STRING} or a total past {@link MAX_SHELL_MEMORY}. */
export class ShellVars extends Map<string, string> {
  private total = 0;

  constructor(entries?: Iterable<readonly [string, string]>) {
    super();
    if (entries) for (const [k, v] of entries) this.set(k, v);
  }

  override set(key: string, value: string): this {
    // Map's constructor calls set before the fields exist
    const old = super.get(key);
    const total = (this.total ?? 0) + value.length - (old?.length ?? 0);
    if (value.length > MAX_SHELL_STRING || total > MAX_SHELL_MEMORY) throw new OutOfMemory();
    this.total = total;
    return super.set(key, value);
  }

  override delete(key: string): boolean {
    const old = super.get(key);
    if (old !== undefined) this.total -= old.length;
    return super.delete(key);
  }

  override clear(): void {
    this.total = 0;
    super.clear();
  }
}

/** A sink counting what goes through it: past {@link MAX_SHELL_MEMORY} bytes the writer runs out of memory. */
export function boundedSink<T extends string | Uint8Array>(push: (s: T) => void): (s: T) => void {
  let bytes = 0;
  return (s) => {
    bytes += s.length;
    if (bytes > MAX_SHELL_MEMORY) throw new OutOfMemory();
    push(s);
  };
}
