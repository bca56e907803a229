/**
 * The path helpers live in `../process/path.ts`, beneath the shell and the applets. This
 * name stays only for code outside the toolchain that still imports it by this path
 * (`commands/build-command.ts`, the web sandbox's `workspace-place.ts` and `host-programs.ts`);
 * once they import `#engine/toolchain/process` (or `../toolchain/process/path.ts`), it goes.
 */
export { baseName, dirName, joinPath, normalizePath, resolvePath } from '../process/path.ts';
