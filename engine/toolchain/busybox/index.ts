/** Simulated busybox: the applets and the multi-call program. */
export { busybox } from './busybox.ts';
export { APPLETS, APPLET_NAMES } from './applets.ts';
export type { Applet, Proc } from '../process/proc.ts';
