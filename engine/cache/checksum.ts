/**
 * Content checksums of selected paths of a tree (BuildKit `contenthash.Checksum`): only
 * the paths a COPY or a bind mount reads count, so edits elsewhere keep the key.
 */
import { loadContent, type TreeEntry } from '../fs/index.ts';
import type { TreeView } from '../fs/view.ts';
import type { Hasher } from '../platform/types.ts';

const enc = new TextEncoder();

function header(e: TreeEntry, rel: string): string {
  return `${rel}\0${e.type}\0${(e.mode & 0o7777).toString(8)}\0${e.uid}:${e.gid}\0${e.target ?? ''}\n`;
}

/**
 * `sha256:<hex>` over every path in `paths` of `view` (a file, a symlink, or a directory
 * with all it contains): names relative to each root, type, mode, owner, link target and
 * file bytes. Mtimes do not count. A missing path contributes its name only.
 */
export async function checksumPaths(view: TreeView, paths: readonly string[], hasher: Hasher): Promise<string> {
  const chunks: Uint8Array[] = [];
  for (const p of paths) {
    chunks.push(enc.encode(`@${p}\n`));
    const st = view.get(p, true);
    if (st === undefined) continue;
    if (st.kind !== 'dir') {
      chunks.push(enc.encode(`${st.kind}\0${(st.mode & 0o7777).toString(8)}\0${st.uid}:${st.gid}\0${st.kind === 'symlink' ? st.target : ''}\n`));
      if (st.kind === 'file') chunks.push(loadContent(st.content));
      continue;
    }
    const root = '/' + view.resolve(p, true).parts.join('/');
    for (const e of view.walk(p)) {
      const rel = e.path.slice(root === '/' ? 1 : root.length + 1);
      chunks.push(enc.encode(header(e, rel)));
      if (e.type === 'file' && e.content) chunks.push(loadContent(e.content));
    }
  }
  return `sha256:${await hasher.sha256(chunks)}`;
}
