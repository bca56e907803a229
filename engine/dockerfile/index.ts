/**
 * The Dockerfile's own layer: text → nodes (`parser/`), BuildKit's word expansion
 * (`shell/`), nodes → typed commands, flags, mounts and lint (`instructions/`). The front
 * end as a whole, through the stage graph, is `engine/frontend` (`loadDockerfile`).
 */
export { INSTRUCTIONS, INSTRUCTION_KEYS, instructionName, type InstructionName } from './names.ts';
export type * from './instructions/commands.ts';
export { parseStages, stageDisplayName, type ParsedStages, type Stage } from './instructions/stages.ts';
export { parseInstruction } from './instructions/parse-instruction.ts';
export { expandCommand, expandWord } from './instructions/expand.ts';
export { simulateStageEnv, initialState, cleanPath, type SimulatedStep, type StageEnvState } from './instructions/simulate.ts';
export { buildMetaArgs, defaultArgs, expandFrom, BUILTIN_ARGS, type ExpandedFrom, type GlobalArgs } from './instructions/args.ts';
export { parseMount, type Mount, type MountType } from './instructions/runmount.ts';
export { parsePlatform, formatPlatform, type Platform } from './instructions/platform.ts';
export { RULES, RULE_NAMES, type LintRule } from './instructions/lint/rules.ts';
export { Linter, parseLintOptions, type LintWarning, type LintConfig } from './instructions/lint/linter.ts';
