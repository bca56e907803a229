import type { WorkFs } from '../../fs/types.ts';
import { hasGlobChars, matchPattern, unescapePattern } from '../process/pattern.ts';
import { joinPath, resolvePath } from '../process/path.ts';

/**
 * Pathname expansion against the filesystem: each `/`-separated segment with glob
 * characters is matched against the directory's entries (dot files only when the
 * segment starts with a literal `.`). Returns sorted matches, or [] when none match.
 */
export function globPaths(fs: WorkFs, cwd: string, pattern: string): string[] {
  const absolute = pattern.startsWith('/');
  const segs = pattern.split('/').filter((s, i) => s !== '' || i === 0);
  let results: string[] = [absolute ? '/' : ''];
  for (let i = absolute ? 1 : 0; i < segs.length; i++) {
    const seg = segs[i]!;
    const next: string[] = [];
    for (const base of results) {
      const dir = resolvePath(cwd, base === '' ? '.' : base);
      if (!hasGlobChars(seg)) {
        const p = base === '' ? unescapePattern(seg) : joinPath(base, unescapePattern(seg));
        if (i === segs.length - 1 ? fs.lstat(resolvePath(cwd, p)) : fs.stat(resolvePath(cwd, p))?.type === 'dir') next.push(p);
        continue;
      }
      const st = fs.stat(dir);
      if (!st || st.type !== 'dir') continue;
      let names: string[];
      try {
        names = fs.readdir(dir);
      } catch {
        continue;
      }
      for (const n of names) {
        if (n.startsWith('.') && !seg.startsWith('.') && !seg.startsWith('\\.')) continue;
        if (!matchPattern(seg, n)) continue;
        const p = base === '' ? n : joinPath(base, n);
        if (i < segs.length - 1 && fs.stat(resolvePath(cwd, p))?.type !== 'dir') continue;
        next.push(p);
      }
    }
    results = next;
    if (results.length === 0) return [];
  }
  return results.sort();
}
