/**
 * The parts of a step's cache-key inputs (`cache/inputs.ts`) every step shares: its
 * place, its instruction text, its environment split into build args and the rest.
 */
import type { StepInputs } from '../cache/index.ts';
import { splitEnv } from '../cache/index.ts';
import type { Command } from '../dockerfile/index.ts';
import type { StageInput } from './types.ts';

/** A step's place across builds: platform, stage (name, else index) and its index in the stage. */
export function stepSlot(input: Pick<StageInput, 'platform' | 'stage'>, index: number): string {
  return `${input.platform} ${input.stage.name ?? input.stage.index} ${index}`;
}

/** Every ARG name the stage sees (declared in it or its base stage, or given with --build-arg). */
export function argNames(input: StageInput): Set<string> {
  const names = new Set<string>([...input.baseArgs.map((a) => a.key), ...Object.keys(input.buildArgs)]);
  for (const c of input.stage.commands) if (c.kind === 'ARG') for (const a of c.args) names.add(a.key);
  return names;
}

/** The instruction as written, keyword upper-cased, with its heredocs' bodies. */
export function instructionText(cmd: Command): string {
  const text = cmd.original.trim();
  const sp = text.search(/\s/);
  const line = sp < 0 ? text.toUpperCase() : text.slice(0, sp).toUpperCase() + text.slice(sp);
  return line + heredocText(cmd.kind === 'RUN' ? cmd.files : []);
}

/** Heredoc bodies as written after the line (`\n<body>NAME`). */
export function heredocText(files: readonly { readonly name: string; readonly data: string }[]): string {
  return files.map((f) => `\n${f.data}${f.name}`).join('');
}

/** The image a stage starts from, when its first step sits right on one (not on scratch or a stage's steps). */
export function baseImage(input: StageInput, parentKey: string): StepInputs['base'] {
  const { base } = input;
  if (parentKey !== base.cacheKey || base.layers.length === 0 || base.layers.some((l) => l.kind !== 'base')) return undefined;
  const first = base.layers[0]!;
  return first.kind === 'base' ? { ref: first.ref, digest: base.cacheKey } : undefined;
}

/** The shared inputs of step `index` (instruction `cmd`, environment `env`). */
export function commonInputs(input: StageInput, index: number, cmd: Command, env: ReadonlyMap<string, string> | undefined, parentKey: string, text = instructionText(cmd)): Omit<StepInputs, 'parent'> {
  const base = baseImage(input, parentKey);
  return { step: stepSlot(input, index), text, ...(env ? splitEnv(env, argNames(input)) : {}), ...(base ? { base } : {}) };
}
