/** The image commands live in the engine, shared with the web terminal. */
export { noSuchImage, runHistory, runImages, runPrune, runRmi } from '../engine/commands/images.ts';
