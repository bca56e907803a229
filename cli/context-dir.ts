import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { ContextFile } from '../engine/context/context.ts';

/**
 * The build context as the engine takes it: every file, directory and symlink under
 * `dir` (paths relative, `/`-separated, sorted), with mode, mtime and bytes. `.dockerignore`
 * is included as a file; the build applies it. Sockets, devices and FIFOs are skipped, as
 * BuildKit's file transfer skips them.
 */
export function readContextDir(dir: string): ContextFile[] {
  const out: ContextFile[] = [];
  const walk = (abs: string, rel: string) => {
    for (const name of readdirSync(abs).sort()) {
      const a = join(abs, name);
      const r = rel === '' ? name : `${rel}/${name}`;
      const st = lstatSync(a);
      const base = { path: r, mode: st.mode & 0o7777, mtime: Math.floor(st.mtimeMs / 1000) };
      if (st.isDirectory()) {
        out.push({ ...base, type: 'dir' });
        walk(a, r);
      } else if (st.isSymbolicLink()) out.push({ ...base, type: 'symlink', target: readlinkSync(a) });
      else if (st.isFile()) out.push({ ...base, type: 'file', content: new Uint8Array(readFileSync(a)) });
    }
  };
  walk(dir, '');
  return out;
}
