/**
 * The workspace as a build context: the engine's `ContextFile[]` for one directory.
 */
import type { ContextFile } from '#engine/context';
import { workspaceMode, type WorkspaceContent } from '#engine/commands/workspace-content';

/**
 * Every workspace file under `dir` (`''` = the root) as a context file (mode 0644, 0755
 * for an ELF binary) plus
 * its parent directories (0755), paths relative to `dir`, sorted. The workspace keeps no
 * times, so every entry gets `mtime`.
 */
export function contextFiles(files: ReadonlyMap<string, WorkspaceContent>, dir: string, mtime: number): ContextFile[] {
  const prefix = dir === '' ? '' : `${dir}/`;
  const enc = new TextEncoder();
  const out = new Map<string, ContextFile>();
  for (const [path, text] of files) {
    if (!path.startsWith(prefix)) continue;
    const rel = path.slice(prefix.length);
    for (let i = rel.indexOf('/'); i > 0; i = rel.indexOf('/', i + 1)) {
      const d = rel.slice(0, i);
      if (!out.has(d)) out.set(d, { path: d, type: 'dir', mode: 0o755, mtime });
    }
    out.set(rel, { path: rel, type: 'file', mode: workspaceMode(text), mtime, content: typeof text === 'string' ? enc.encode(text) : text });
  }
  return [...out.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
