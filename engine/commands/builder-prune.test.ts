import { describe, expect, it } from 'vitest';
import { MemoryCacheMountStore, MemoryLayerCache } from '../cache/index.ts';
import { emptySnapshot } from '../fs/index.ts';
import { parseDockerCommand, tokenize } from './index.ts';
import { cacheRecords, formatPrune, prunePrompt, recordId } from './builder-prune.ts';

describe('docker builder prune', () => {
  it('parses builder/buildx prune with -a and -f', () => {
    expect(parseDockerCommand(tokenize('builder prune -af'), {})).toEqual({ kind: 'builder-prune', root: undefined, all: true, force: true });
    expect(parseDockerCommand(tokenize('buildx prune'), {})).toEqual({ kind: 'builder-prune', root: undefined, all: false, force: false });
    expect(prunePrompt(false)).toBe('WARNING! This will remove all dangling build cache. Are you sure you want to continue? [y/N] ');
    expect(prunePrompt(true)).toBe('WARNING! This will remove all build cache. Are you sure you want to continue? [y/N] ');
  });

  it('lists every cached step and cache mount (mutable, starred) with its size, then Total:', () => {
    const cache = new MemoryLayerCache();
    const bytes = new Uint8Array(1_234_567).fill(7);
    cache.put('step-a', { modeledMs: 10, entries: [{ path: 'bin/app', type: 'file', mode: 0o755, uid: 0, gid: 0, mtime: 0, content: bytes }] });
    cache.put('step-b', { modeledMs: 1, entries: [] });
    const mounts = new MemoryCacheMountStore();
    const o = emptySnapshot().edit();
    o.writeFile('/mod.zip', new Uint8Array(2_000));
    mounts.set('/go/pkg/mod', o.commit().snapshot);
    const records = cacheRecords(cache.dump(), mounts.dump());
    expect(records.map((r) => r.size)).toEqual([1_234_567, 0, 2_000]);
    expect(records[2]!.id).toMatch(/^[0-9a-z]{25}\*$/);
    expect(recordId('step-a')).toBe(records[0]!.id);
    const text = formatPrune(records);
    expect(text.split('\n')).toEqual([
      'ID\t\t\t\t\t\tRECLAIMABLE\tSIZE\t\tLAST ACCESSED',
      `${records[0]!.id.padEnd(40)}\ttrue \t\t1.235MB   \t`,
      `${records[1]!.id.padEnd(40)}\ttrue \t\t0B        \t`,
      `${records[2]!.id.padEnd(40)}\ttrue \t\t2kB       \t`,
      'Total:\t1.237MB',
      '',
    ]);
    expect(formatPrune([])).toBe('Total:\t0B\n');
  });
});
