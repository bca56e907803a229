export * from './events.ts';
export * from './plain.ts';
export * from './bytes.ts';
export * from './tty.ts';
export * from './error-logs.ts';
export * from './causes.ts';
