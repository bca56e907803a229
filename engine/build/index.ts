/** The build orchestration: `build(req, deps, opts)` and what callers need around it. */
export { build } from './build.ts';
export { toStoredImage, fullTags } from './stored.ts';
export { stageImage, stepLayer, forgetStepLayers } from './image.ts';
export { baseImage, baseRegistry, type BaseImage } from './base-images.ts';
export { inProcessExecutor, type StageExecutor, type StageJob } from './stage-executor.ts';
export type { BuildDeps, BuildOptions, BuildRequest, BuildResult, OutputResult, OutputSpec } from './types.ts';
export { MemoryLayerCache, MemoryCacheMountStore } from '../cache/index.ts';
export type { CacheDump, CacheMountDump, CacheMountStore, LayerCache } from '../cache/index.ts';
