/**
 * The platform's contract: what the engine is given for hashing, gzip and layer blobs
 * (`PlatformDeps`, `Gzip`, `LayerBlobCache`) and the byte helpers around them. The two
 * implementations are entries of their own, so one side never loads the other's code:
 * `#engine/platform/node` (`node:` modules) and `#engine/platform/web` (the browser's).
 */
export * from './types.ts';
