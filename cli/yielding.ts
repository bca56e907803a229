import type { Chunks, PlatformDeps } from '../engine/platform/types.ts';

/** Lets the event loop run (timers, I/O, signal handlers) before continuing. */
function tick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * `deps` whose async services first yield to the event loop. The engine's steps are
 * mostly synchronous work chained through promises, which never lets Node deliver a
 * SIGINT; yielding at each hash or gzip lets Ctrl+C abort the build between steps.
 */
export function yieldingDeps(deps: PlatformDeps): PlatformDeps {
  return {
    ...deps,
    hasher: {
      async sha256(chunks: Chunks) {
        await tick();
        return deps.hasher.sha256(chunks);
      },
    },
    gzip: {
      async gzip(chunks: Chunks) {
        await tick();
        return deps.gzip.gzip(chunks);
      },
      async gunzip(data: Uint8Array) {
        await tick();
        return deps.gzip.gunzip(data);
      },
    },
  };
}
