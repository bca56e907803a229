import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { type ContextFile, isIgnored, parseDockerignore } from '#engine/context';
import { DEFAULT_LIMIT_BYTES } from '#engine/fs';

/**
 * How many bytes of (not ignored) files a build context may hold: the same budget that caps
 * a stage's filesystem, so whatever is read can also be copied.
 */
export const MAX_CONTEXT_BYTES = DEFAULT_LIMIT_BYTES;

/** The context could not be read (too large, unreadable): buildx's `load build context` failure. */
export class ContextDirError extends Error {}

/**
 * The build context as the engine takes it: every file, directory and symlink under
 * `dir` (paths relative, `/`-separated, sorted), with mode, mtime and bytes. `.dockerignore`
 * is included as a file and the build applies it; the files it excludes are listed without
 * their bytes (never read), and a directory it excludes is not entered when no `!` pattern
 * could bring something inside back. Sockets, devices and FIFOs are skipped, as BuildKit's
 * file transfer skips them. More than `MAX_CONTEXT_BYTES` of files, or a file that cannot be
 * read, is a `ContextDirError` naming the file. `dockerignore` replaces the context's
 * `.dockerignore` for that (a Dockerfile's own `<name>.dockerignore`).
 */
export function readContextDir(dir: string, maxBytes = MAX_CONTEXT_BYTES, dockerignore?: string): ContextFile[] {
  const patterns = parseDockerignore(dockerignore ?? readIgnore(dir));
  const exclusions = patterns.some((p) => p.exclusion);
  const out: ContextFile[] = [];
  let total = 0;
  const walk = (abs: string, rel: string) => {
    for (const name of readdirSync(abs).sort()) {
      const a = join(abs, name);
      const r = rel === '' ? name : `${rel}/${name}`;
      const st = lstatSync(a);
      const base = { path: r, mode: st.mode & 0o7777, mtime: Math.floor(st.mtimeMs / 1000) };
      const ignored = patterns.length > 0 && isIgnored(patterns, r);
      if (st.isDirectory()) {
        out.push({ ...base, type: 'dir' });
        if (!ignored || exclusions) walk(a, r);
      } else if (st.isSymbolicLink()) out.push({ ...base, type: 'symlink', target: readlinkSync(a) });
      else if (st.isFile()) {
        if (ignored && r !== '.dockerignore') {
          out.push({ ...base, type: 'file' });
          continue;
        }
        total += st.size;
        if (total > maxBytes) {
          throw new ContextDirError(`load build context: ${r}: the build context is larger than the sandbox's ${maxBytes / 1024 / 1024} MiB limit (this file is ${size(st.size)}); list what the build does not need in .dockerignore`);
        }
        out.push({ ...base, type: 'file', content: read(a, r) });
      }
    }
  };
  walk(dir, '');
  return out;
}

function readIgnore(dir: string): string {
  try {
    return readFileSync(join(dir, '.dockerignore'), 'utf8');
  } catch {
    return '';
  }
}

function read(abs: string, rel: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(abs));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : (err as Error).message;
    throw new ContextDirError(`load build context: open ${rel}: ${why}`);
  }
}

function size(n: number): string {
  return n >= 1024 ** 3 ? `${(n / 1024 ** 3).toFixed(1)} GiB` : `${(n / 1024 ** 2).toFixed(1)} MiB`;
}
