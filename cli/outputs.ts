/** `-o` parsing lives in the engine, shared with the web terminal. */
export { OutputSpecError, parseOutputs, splitCsv } from '../engine/commands/outputs.ts';
