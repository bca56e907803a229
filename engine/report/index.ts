export * from './source-excerpt.ts';
export * from './tabwriter.ts';
export * from './targets.ts';
export * from './lint.ts';
export * from './units.ts';
export * from './controls.ts';
