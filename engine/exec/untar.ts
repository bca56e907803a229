/** ADD of a local archive: its entries land inside the destination, as BuildKit unpacks them. */
import { cleanPath, type Overlay, type TreeEntry } from '../fs/index.ts';
import { EngineError } from '../source/index.ts';

/** Symlinks followed while resolving one entry's path before it is a loop (continuity's fs.RootPath allows 255). */
const MAX_LINKS = 255;

/**
 * Where archive entry `name` lands under `dest`, as containerd's `archive.Apply` resolves
 * it (`fs.RootPath`): `..` never climbs above `dest`, and a symlink met on the way (one the
 * archive made, or one already there) is followed as if `dest` were `/`, so it can never
 * lead out. The last component is not followed (the entry replaces what is there).
 */
export function pathInRoot(o: Overlay, dest: string, name: string): string {
  const todo = cleanPath('/' + name).split('/').filter(Boolean);
  const at: string[] = [];
  let links = 0;
  while (todo.length > 0) {
    const part = todo.shift()!;
    if (part === '.') continue;
    if (part === '..') {
      at.pop();
      continue;
    }
    if (todo.length === 0) {
      at.push(part);
      break;
    }
    const abs = cleanPath(`${dest}/${[...at, part].join('/')}`);
    if (o.lstat(abs)?.type === 'symlink') {
      if (++links > MAX_LINKS) throw new EngineError('add/symlink-loop', `failed to unpack ${name.replace(/^\/+/, '')}: too many levels of symbolic links`);
      const target = o.readlink(abs);
      if (target.startsWith('/')) at.length = 0;
      todo.unshift(...target.split('/').filter(Boolean));
      continue;
    }
    at.push(part);
  }
  return cleanPath(`${dest}/${at.join('/')}`);
}

/** Unpack `entries` (from `tarToEntries`) into `dest` of `o`, confined to it; returns the paths written. */
export function unpackInto(o: Overlay, dest: string, entries: readonly TreeEntry[], owner?: { uid: number; gid: number }): string[] {
  const written: string[] = [];
  for (const e of entries) {
    const path = pathInRoot(o, dest, e.path);
    if (path === cleanPath(dest) && e.type !== 'dir') continue; // `..` or `.` as a file: nothing to put there
    const target = e.type === 'hardlink' ? pathInRoot(o, dest, e.target ?? '') : e.target;
    if (e.type === 'hardlink' && o.lstat(target!) === undefined) {
      throw new EngineError('add/hardlink-target', `failed to unpack ${e.path.replace(/^\//, '')}: hard link target ${(e.target ?? '').replace(/^\//, '')} not found in the archive`);
    }
    o.putEntry({ ...e, path, ...(target !== undefined ? { target } : {}), ...(owner ?? {}) });
    written.push(path);
  }
  return written;
}
