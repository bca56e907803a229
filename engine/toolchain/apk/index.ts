/** Simulated Alpine package manager. */
export { apk } from './apk.ts';
export { INDEX } from './packages.ts';
export type { IndexPackage, IndexFile } from './packages.ts';
