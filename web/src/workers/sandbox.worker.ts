/**
 * The sandbox worker's entry: the engine side of the terminal (builds, image store,
 * caches) off the page's main thread, on the images and caches saved in IndexedDB
 * (`web/src/lib/persist`). A build's stages run on the stage pool (`workers/`: nested
 * module workers, one per core); this worker keeps the front end, progress and caches.
 * Everything else is in `sandbox-api.ts`.
 */
import type { Endpoint } from 'comlink';
import { webDeps, webGzipOn, webHasher } from '#engine/platform/web';
import { browserConcurrency } from '../../../workers/host.ts';
import { StagePool } from '../../../workers/pool.ts';
import { poolExecutor } from '../../../workers/pool-executor.ts';
import { spawnStageWebWorker } from '../../../workers/web-spawn-stage.ts';
import { PersistentLayerBlobs } from '../lib/persist/layer-blobs.ts';
import { openBrowserSandboxState } from '../lib/persist/sandbox-state.ts';
import { webDeflaterPool } from './deflate-pool.ts';
import { exposeSandbox } from './sandbox-api.ts';

const pool = new StagePool({ size: browserConcurrency(), spawn: spawnStageWebWorker });
const stages = poolExecutor(pool);

// layer blobs: compressed on worker threads, kept by diff ID in memory and IndexedDB
const layerBlobs = new PersistentLayerBlobs({ indexedDB: globalThis.indexedDB, sha256: (b) => webHasher.sha256([b]) });
const deps = { ...webDeps, gzip: webGzipOn(webDeflaterPool(browserConcurrency())), layerBlobs };

exposeSandbox(
  self as unknown as Endpoint,
  deps,
  async (onNotice) => {
    const state = await openBrowserSandboxState({ onNotice: (n) => onNotice(n.message) });
    layerBlobs.useImageBlobs((d) => state.blobs.get(d));
    return state;
  },
  stages,
);
