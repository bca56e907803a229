/** The busybox binary: the multi-call program (every applet, and `sh`/`ash`) and the shells (`sh`, `bash`) with the applets. */
export { busybox, shell, bash } from './busybox.ts';
