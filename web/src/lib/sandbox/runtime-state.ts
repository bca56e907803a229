/**
 * What the sandbox keeps from one line to the next: the image store, the layer cache and
 * the cache mounts (saved to IndexedDB after each command that changes them, when the
 * page gives a `PersistedState`), with the clock, the event-loop yield and where a build's
 * stages run. A build's engine-side host comes from here.
 */
import type { StageExecutor } from '#engine/build';
import { MemoryCacheMountStore, MemoryLayerCache } from '#engine/cache';
import { yieldingDeps, type BuildHost, type LocalImages } from '#engine/commands';
import type { PlatformDeps } from '#engine/platform';
import { ImageStore, MemoryBlobStore } from '#engine/store';

/** The host services the runtime needs. */
export interface RuntimeOptions {
  /** Hashing and gzip: `webDeps` in the page, `nodeDeps` in tests. */
  readonly deps: PlatformDeps;
  /** Wall clock, ms (image times and ages). */
  readonly now?: () => number;
  /** One turn of the event loop, awaited at each hash and gzip (default: a macrotask). */
  readonly tick?: () => Promise<void>;
  /** Where a build's stages run (default: this thread); the stage pool in the browser. */
  readonly stages?: StageExecutor;
  /** Images and caches that outlive the page (`web/src/lib/persist`); default: memory only. */
  readonly state?: PersistedState;
}

/** The image store and caches kept across reloads, saved after each command that changes them. */
export interface PersistedState extends LocalImages {
  readonly cache: MemoryLayerCache;
  readonly cacheMounts: MemoryCacheMountStore;
  /** Save what changed (all parts, or only those named). */
  flush(parts?: SavedParts): Promise<boolean>;
}

/** The saved parts a command changed. */
export interface SavedParts {
  readonly images?: boolean;
  readonly cache?: boolean;
  readonly cacheMounts?: boolean;
}

/** What a build takes from the sandbox besides its terminal: hashing that yields, the caches, the store, the clock, where stages run. */
export type SandboxBuildHost = Pick<BuildHost, 'deps' | 'cache' | 'cacheMounts' | 'state' | 'now' | 'stages'>;

/** Yield to the event loop with a message (no 4 ms timer clamping), so the page stays responsive. */
export function macrotask(): Promise<void> {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      resolve();
    };
    ch.port2.postMessage(null);
  });
}

/** The sandbox's store, caches and clock, and their saving. */
export class RuntimeState {
  /** The local image store (the page's `docker images`). */
  readonly store: LocalImages;
  readonly cache: MemoryLayerCache;
  readonly cacheMounts: MemoryCacheMountStore;
  readonly deps: PlatformDeps;
  /** Wall clock, ms. */
  readonly now: () => number;
  /** One turn of the event loop. */
  readonly tick: () => Promise<void>;
  private readonly stages: StageExecutor | undefined;
  private readonly persisted: PersistedState | undefined;
  /** The latest save; the next command waits for it (saves never overlap a build). */
  private saving: Promise<unknown> = Promise.resolve();

  constructor(options: RuntimeOptions) {
    this.persisted = options.state;
    this.store = options.state ?? { images: new ImageStore(), blobs: new MemoryBlobStore() };
    this.cache = options.state?.cache ?? new MemoryLayerCache();
    this.cacheMounts = options.state?.cacheMounts ?? new MemoryCacheMountStore();
    this.deps = options.deps;
    this.now = options.now ?? (() => Date.now());
    this.tick = options.tick ?? macrotask;
    this.stages = options.stages;
  }

  /** A build's engine-side host: hashing and gzip yield a turn at each call (Ctrl+C and the page stay responsive). */
  buildHost(): SandboxBuildHost {
    return {
      deps: yieldingDeps(this.deps, this.tick),
      cache: this.cache,
      cacheMounts: this.cacheMounts,
      state: this.store,
      now: this.now,
      ...(this.stages ? { stages: this.stages } : {}),
    };
  }

  /**
   * Save what a command changed (all parts, or only those named), once it returns; a
   * command waits for the save before it starts (`saved()`): a flush collects unreferenced
   * blobs, so it never runs during a build.
   */
  save(parts?: SavedParts): void {
    this.saving = Promise.resolve(this.persisted?.flush(parts)).catch(() => undefined);
  }

  /** Resolves once the latest save is done. */
  saved(): Promise<unknown> {
    return this.saving;
  }
}
