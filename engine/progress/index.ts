export * from './events.ts';
export * from './plain.ts';
export * from './bytes.ts';
