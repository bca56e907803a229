export * from './flags.ts';
export * from './docker.ts';
