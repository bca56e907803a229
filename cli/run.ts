/** `run` lives in the engine, shared with the web terminal. */
export { runImage, type RunRequest } from '../engine/commands/run.ts';
