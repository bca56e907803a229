/** Simulated busybox applets (the multi-call program that runs them and the shell is `../multicall`). */
export { APPLETS, APPLET_NAMES } from './applets.ts';
export type { Applet, Proc } from '../process/proc.ts';
