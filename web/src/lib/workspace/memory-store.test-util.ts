import type { FileStore } from './store.ts';

/** A `FileStore` that keeps nothing: a workspace that starts from the seed and persists nowhere (tests). */
export const memoryStore = (): FileStore => ({
  load: async () => null,
  write: async () => undefined,
  loadBinaries: async () => new Map(),
  writeBytes: async () => undefined,
  remove: async () => undefined,
  rename: async () => undefined,
  replaceAll: async () => undefined,
  flush: async () => undefined,
});
