import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryCacheMountStore, MemoryLayerCache, type CacheDump, type CacheMountDump } from '#engine/cache';
import { emptySnapshot } from '#engine/fs';
import { readDump, writeDump } from './cache-files.ts';
import { runCli } from './cli.ts';

async function cli(root: string, line: string): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await runCli([...line.split(' '), '--root', root], { cwd: root, env: {}, stdout: (s) => (out += s), stderr: (s) => (out += s) });
  return { code, out };
}

describe('stageplay builder prune', () => {
  it('asks without -f and keeps the cache; -af empties the layer cache and the cache mounts', async () => {
    const root = mkdtempSync(join(tmpdir(), 'sp-prune-'));
    const cache = new MemoryLayerCache();
    cache.put('k', { modeledMs: 5, entries: [] });
    const mounts = new MemoryCacheMountStore();
    const o = emptySnapshot().edit();
    o.writeFile('/x', new Uint8Array(3_000));
    mounts.set('/root/.cache/go-build', o.commit().snapshot);
    writeDump(root, 'cache', cache.dump());
    writeDump(root, 'cache-mounts', mounts.dump());
    const asked = await cli(root, 'builder prune');
    expect(asked).toEqual({ code: 0, out: 'WARNING! This will remove all dangling build cache. Are you sure you want to continue? [y/N] \n' });
    expect(readDump<CacheDump>(root, 'cache', () => undefined)?.records).toHaveLength(1);
    const pruned = await cli(root, 'builder prune -af');
    expect(pruned.code).toBe(0);
    expect(pruned.out.split('\n').slice(-2)).toEqual(['Total:\t3kB', '']);
    expect(pruned.out.match(/\ttrue \t/g)).toHaveLength(2);
    expect(readDump<CacheDump>(root, 'cache', () => undefined)?.records).toEqual([]);
    expect(readDump<CacheMountDump>(root, 'cache-mounts', () => undefined)?.mounts).toEqual([]);
    expect((await cli(root, 'builder prune -f')).out).toBe('Total:\t0B\n');
  });
});
