import type { PlatformDeps } from '#engine/platform';
import { yieldingDeps as yielding } from '#engine/commands';

/** Lets Node's event loop run (timers, I/O, signal handlers) before continuing. */
function tick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** `deps` that yield to Node's event loop at each hash or gzip, so SIGINT can abort a build. */
export function yieldingDeps(deps: PlatformDeps): PlatformDeps {
  return yielding(deps, tick);
}
