export * from './dockerignore.ts';
export * from './context.ts';
