export * from './flags.ts';
export * from './docker.ts';
export * from './calls.ts';
