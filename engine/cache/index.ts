/** Build cache: BuildKit-like cache keys, the layer cache, and cache-mount contents. */
export { cacheKey, stableJson } from './key.ts';
export { checksumPaths } from './checksum.ts';
export { changesToEntries } from './entries.ts';
export { MemoryLayerCache, dumpEntries, loadEntries, type CacheDump, type CacheRecord, type DumpedEntry, type LayerCache, type StepCache } from './layer-cache.ts';
export { MemoryCacheMountStore, type CacheMountDump, type CacheMountStore } from './mounts.ts';
export { digestFiles, splitEnv, FILES_CAP, ENV_CAP, type FileDigests, type MountInputs, type StepInputs } from './inputs.ts';
export { explainRun, closestRecord, NO_INPUTS, CAUSE_PATHS, type StepHistory } from './explain.ts';
