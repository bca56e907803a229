/** Executing stages: one file per instruction, `executeStage` over them. */
export { executeStage, childBase, isOpCommand, CanceledError, type StageResult } from './stage.ts';
export { imageState, scratchState, catalogLayer, catalogSnapshot, catalogConfig, baseLayerOf } from './base.ts';
export { applyMetadata, withShell, exposedPorts, DEFAULT_SHELL, type MetaTracker } from './metadata.ts';
export { runArgs, processEnv, RUN_START_MS } from './run.ts';
export { EMULATION_FACTOR, DEFAULT_HOST_PLATFORM, isEmulated, emulatedMs } from './emulation.ts';
export { copyDestination, applyCopy, matchAll, type CopySource } from './copy.ts';
export { matchSource, segmentPattern, SourceNotFound, refId, type SourceMatch } from './copy-sources.ts';
export { copyCreatedBy, copyMs } from './dispatch-copy.ts';
export { runCreatedBy, quotedList, healthCreatedBy, goDuration, sourceDateEpoch } from './history.ts';
export { resolveWorkdir } from './workdir.ts';
export { runUser, chownIds, type ResolvedUser } from './users.ts';
export type { StageInput, StageLayer, StageServices, StageState, StepHooks, Secrets } from './types.ts';
export { stepSlot, instructionText } from './explain.ts';
