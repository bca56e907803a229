import type { Chunks, DigestAlgorithm, GzipOptions, PlatformDeps } from '../platform/types.ts';

/**
 * `deps` whose async services first await `tick` (a turn of the host's event loop:
 * `setImmediate` in Node, a macrotask in a page). The engine's steps are mostly
 * synchronous work chained through promises; yielding at each hash or gzip lets Ctrl+C
 * (a signal, a key press) abort the build between steps and keeps a page responsive.
 */
export function yieldingDeps(deps: PlatformDeps, tick: () => Promise<void>): PlatformDeps {
  return {
    ...deps,
    hasher: {
      async sha256(chunks: Chunks) {
        await tick();
        return deps.hasher.sha256(chunks);
      },
      async digest(algorithm: DigestAlgorithm, chunks: Chunks) {
        await tick();
        return deps.hasher.digest(algorithm, chunks);
      },
    },
    gzip: {
      async gzip(chunks: Chunks, opts?: GzipOptions) {
        await tick();
        return deps.gzip.gzip(chunks, opts);
      },
      async gunzip(data: Uint8Array) {
        await tick();
        return deps.gzip.gunzip(data);
      },
    },
  };
}
