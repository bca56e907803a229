/**
 * The workspace as the place a `docker build` in the sandbox worker reads and writes (its
 * `BuildPlace`; the CLI's is the disk): the workspace is the context and holds the
 * Dockerfile; `-o` outputs (and `docker save -o`) are written into the shell's filesystem,
 * relative to its working directory (as the CLI writes them to the current directory), or
 * offered as downloads where there is no workspace to write to.
 */
import type { OutputResult } from '#engine/build';
import type { BuildFlags, BuildPlace } from '#engine/commands';
import type { WorkspaceContent } from '#engine/commands';
import { FsError, type WorkFs } from '#engine/fs';
import type { LocalFile } from '#engine/image';
import { parseReference } from '#engine/reference';
import { dirName, resolvePath as absolutePath } from '#engine/toolchain/process';
import { basename, isDirectory, resolvePath } from '../workspace/paths.ts';
import { contextFiles } from './context-files.ts';
import type { CommandSink } from './engine-api.ts';
import { workspaceSecrets } from './secrets.ts';
import { zipLocal } from './zip-local.ts';

/** Writes a command's outputs where the learner runs it; each method returns an error message, or `undefined` when written. */
export interface OutputWriter {
  /** A `type=local` export: `files` under the directory `dest` (created; existing files replaced). */
  writeTree(dest: string, files: readonly LocalFile[]): string | undefined;
  /** One file (an archive) at `dest`. */
  writeFile(dest: string, bytes: Uint8Array): string | undefined;
}

const LEARNER = { uid: 1000, gid: 1000 };

function fsMessage(e: unknown, path: string): string {
  if (e instanceof FsError) {
    const why = { ENOENT: 'no such file or directory', ENOTDIR: 'not a directory', EISDIR: 'is a directory', EEXIST: 'file exists', ENOSPC: 'no space left on device' }[e.code as string] ?? e.code.toLowerCase();
    return `open ${path}: ${why}`;
  }
  throw e;
}

/** Writes outputs into the shell's filesystem `fs`, relative to its working directory `cwd`, as the learner (uid 1000). */
export function workspaceWriter(fs: WorkFs, cwd: string): OutputWriter {
  const opts = (mode: number) => ({ mode, ...LEARNER });
  return {
    writeTree(dest, files: readonly LocalFile[]) {
      const root = absolutePath(cwd, dest);
      let at = root;
      try {
        fs.mkdir(root, { recursive: true, ...opts(0o755) });
        for (const f of files) {
          if (f.path === '' || f.path === '.') continue;
          at = `${root}/${f.path}`;
          if (f.type === 'dir') {
            if (fs.stat(at)?.type !== 'dir') fs.mkdir(at, { recursive: true, ...opts(f.mode & 0o7777) });
            continue;
          }
          if (fs.lstat(at)) fs.rm(at, { recursive: true, force: true });
          if (f.type === 'symlink') fs.symlink(f.target ?? '', at, opts(0o777));
          else {
            const src = f.type === 'hardlink' ? files.find((x) => x.path === f.target) : f;
            fs.writeContent(at, src?.content ?? new Uint8Array(), opts(f.mode & 0o7777));
          }
        }
      } catch (e) {
        return `failed to solve: error from receiver: ${fsMessage(e, at)}`;
      }
      return undefined;
    },
    writeFile(dest, bytes) {
      const at = absolutePath(cwd, dest);
      try {
        fs.mkdir(dirName(at), { recursive: true, ...opts(0o755) });
        if (fs.stat(at)?.type === 'dir') return `open ${dest}: is a directory`;
        fs.writeFile(at, bytes, opts(0o644));
      } catch (e) {
        return fsMessage(e, dest);
      }
      return undefined;
    },
  };
}

/** The text of a workspace file (`undefined` when absent). */
export function textAt(files: ReadonlyMap<string, WorkspaceContent>, path: string | null): string | undefined {
  const c = path === null ? undefined : files.get(path);
  return c === undefined || typeof c === 'string' ? c : new TextDecoder().decode(c);
}

/** The mtime the workspace's files get in the context (it keeps no times): 2024-01-01. */
const CONTEXT_MTIME = 1704067200;

/** The workspace path of the build's Dockerfile (`-f`, else `Dockerfile` in the context), `null` outside the workspace. */
export function workspaceDockerfile(opts: Pick<BuildFlags, 'file' | 'context'>): string | null {
  if (opts.file !== undefined) return resolvePath('', opts.file);
  const context = resolvePath('', opts.context);
  return context === null ? null : context === '' ? 'Dockerfile' : `${context}/Dockerfile`;
}

/** The workspace (`files`, as the line has them) as the place a build reads and writes (`paths` resolve from the workspace's root); outputs go to `out`. */
export function workspacePlace(files: ReadonlyMap<string, WorkspaceContent>, out: CommandSink): BuildPlace {
  const at = (path: string) => resolvePath('', path);
  return {
    readText: (path) => textAt(files, at(path)),
    isDirectory: (path) => {
      const dir = at(path);
      return dir !== null && isDirectory(files.keys(), dir);
    },
    readContext: (dir) => contextFiles(files, at(dir)!, CONTEXT_MTIME),
    readSecrets: (specs) => workspaceSecrets(specs, files),
    deliver: (o, tags) => deliver(o, tags, out),
  };
}

/** Write one output where the command runs (or hand it over as a download); an error message when it cannot be. */
function deliver(o: OutputResult, tags: readonly string[], out: CommandSink): string | undefined {
  const spec = o.spec;
  if (spec.type === 'image' || spec.type === 'cacheonly') return undefined;
  if (out.files) {
    if (spec.type === 'local' && o.files) return out.files.writeTree(spec.dest, o.files);
    if (spec.type !== 'local' && o.archive && spec.dest && spec.dest !== '-') return out.files.writeFile(spec.dest, o.archive);
    if (spec.type === 'local' || !o.archive) return undefined;
    return 'stageplay: an archive on stdout (dest=-) cannot go through this terminal; use dest=FILE';
  }
  let name: string;
  let bytes: Uint8Array;
  let type: string;
  if (spec.type === 'local') {
    if (!o.files) return undefined;
    name = `${basename(spec.dest.replace(/\/+$/, '')) || 'output'}.zip`;
    bytes = zipLocal(o.files);
    type = 'application/zip';
  } else {
    if (!o.archive) return undefined;
    const named = 'name' in spec ? spec.name?.split(',')[0] : undefined;
    name = spec.dest && spec.dest !== '-' ? basename(spec.dest) : archiveName(named ?? tags[0]);
    bytes = o.archive;
    type = 'application/x-tar';
  }
  if (!out.download) return `cannot download ${name} here`;
  out.download(name, bytes, type);
  return undefined;
}

/** A download name for an image archive from its reference: `buildme:v1` → `buildme_v1.tar`. */
export function archiveName(ref: string | undefined): string {
  if (ref === undefined) return 'image.tar';
  let repo = ref;
  let tag = 'latest';
  try {
    const r = parseReference(ref);
    repo = r.path;
    tag = r.tag ?? (r.digest ? r.digest.replace(/^sha256:/, '').slice(0, 12) : 'latest');
  } catch {
    // not a reference (an image ID): use it as given
  }
  const base = repo.split('/').pop() ?? repo;
  return `${base}${tag === 'latest' ? '' : `_${tag.replace(/[^\w.-]/g, '_')}`}.tar`;
}
