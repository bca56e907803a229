import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { PlatformDeps } from '#engine/platform';
import { saveArchive, type LayerFallback, noSuchImage } from '#engine/commands';
import type { CliIO } from './io.ts';
import type { LocalState } from './state.ts';

export type { LayerFallback } from '#engine/commands';

/**
 * `stageplay save [-o FILE] IMAGE`: the archive `docker save` writes (see `saveArchive`),
 * to `-o FILE` or to stdout when it is not a terminal.
 */
export async function runSave(
  state: LocalState,
  io: CliIO,
  refs: readonly string[],
  output: string | undefined,
  deps: PlatformDeps,
  fallback?: LayerFallback,
): Promise<number> {
  if (refs.length === 1 && !state.images.find(refs[0]!)) return noSuchImage(io, refs[0]!);
  if (refs.length === 1 && output === undefined && (io.stdoutIsTTY || !io.stdoutBytes)) {
    io.stderr('cowardly refusing to save to a terminal. Use the -o flag or redirect\n');
    return 1;
  }
  const bytes = await saveArchive(state, io, refs, deps, fallback);
  if (typeof bytes === 'number') return bytes;
  if (output === undefined) io.stdoutBytes!(bytes);
  else writeFileSync(resolve(io.cwd, output), bytes);
  return 0;
}
