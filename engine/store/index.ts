export * from './types.ts';
export * from './store.ts';
export * from './format.ts';
export * from './blobs.ts';
export * from './persist.ts';
export * from './inspect.ts';
export { checkImageList, checkCacheDump, checkCacheMountDump } from './validate.ts';
