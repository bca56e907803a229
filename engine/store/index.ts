export * from './types.ts';
export * from './store.ts';
export * from './format.ts';
