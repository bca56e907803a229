/** `stageplay builder prune [-a] [-f]`: empties the layer cache and the cache mounts kept in the state root. */
import type { CacheDump, CacheMountDump } from '#engine/cache';
import { cacheRecords, formatPrune, prunePrompt } from '#engine/commands';
import { readDump, writeDump } from './cache-files.ts';
import type { CliIO } from './io.ts';

/**
 * Runs the prune. Without `-f` buildx asks for confirmation; the CLI has no input to read
 * an answer from, so it prints the question and, like an answer at end of input, keeps everything.
 */
export function runBuilderPrune(root: string, io: CliIO, all: boolean, force: boolean): number {
  if (!force) {
    io.stdout(`${prunePrompt(all)}\n`);
    return 0;
  }
  const warn = (line: string): void => io.stderr(`${line}\n`);
  const cache = readDump<CacheDump>(root, 'cache', warn);
  const mounts = readDump<CacheMountDump>(root, 'cache-mounts', warn);
  const records = cacheRecords(cache, mounts);
  if (cache) writeDump<CacheDump>(root, 'cache', { records: [], blobs: [] });
  if (mounts) writeDump<CacheMountDump>(root, 'cache-mounts', { mounts: [], blobs: [] });
  io.stdout(formatPrune(records));
  return 0;
}
