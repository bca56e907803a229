/** The build orchestration: `build(req, deps, opts)` and what callers need around it. */
export { build } from './build.ts';
export { toStoredImage, fullTags } from './stored.ts';
export { stageImage, stepLayer } from './image.ts';
export type { BuildDeps, BuildOptions, BuildRequest, BuildResult, OutputResult, OutputSpec } from './types.ts';
export { MemoryLayerCache, MemoryCacheMountStore } from '../cache/index.ts';
export type { CacheDump, CacheMountDump, CacheMountStore, LayerCache } from '../cache/index.ts';
