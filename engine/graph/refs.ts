import type { Stage } from '../dockerfile/instructions/stages.ts';

/** `strconv.Atoi`-compatible: optional sign then digits. */
export function parseStageIndex(value: string): number | undefined {
  return /^[+-]?[0-9]+$/.test(value) ? Number(value) : undefined;
}

/** The last stage named `name`, compared case-insensitively (`--from`, `--target`). */
export function findStageByName(stages: readonly Stage[], name: string): Stage | undefined {
  const lower = name.toLowerCase();
  for (let i = stages.length - 1; i >= 0; i--) if (stages[i]!.name === lower) return stages[i];
  return undefined;
}

/**
 * The stage a FROM base names: only stages defined before `index`, matched against the
 * lower-cased stored names *without* lower-casing the base (moby/buildkit#2003), the
 * latest such definition winning.
 */
export function findBaseStage(stages: readonly Stage[], index: number, baseName: string): Stage | undefined {
  for (let i = index - 1; i >= 0; i--) if (stages[i]!.name === baseName) return stages[i];
  return undefined;
}
