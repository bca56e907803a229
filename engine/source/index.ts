export * from './range.ts';
export * from './errors.ts';
