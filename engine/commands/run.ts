import { emptySnapshot, stackLayers, type Snapshot, type TreeEntry, type WorkFs } from '../fs/index.ts';
import { tarToEntries } from '../image/index.ts';
import type { PlatformDeps } from '../platform/types.ts';
import { imageFromStore, MissingBlobError, platformString, type StoredImage } from '../store/index.ts';
import { catalogLayerBlob, findCatalogLayer } from '../store/base-layers.ts';
import { resolveProgram as programs } from '../toolchain/registry.ts';
import type { CommandOutput } from './calls.ts';
import type { LocalImages } from './images.ts';

/** What `docker run` reads from its host: output, the caller's environment (`-e NAME`), Ctrl+C. */
export interface RunIO extends CommandOutput {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly signal?: AbortSignal;
}

/** What `docker run` was asked. */
export interface RunRequest {
  readonly image: string;
  readonly args: readonly string[];
  readonly env: readonly string[];
  readonly entrypoint?: string;
}

const RUNTIME_ERR = 'docker: Error response from daemon: failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init:';

/**
 * `docker run [--rm] IMAGE [ARGS]`: the image's entrypoint and cmd (or ARGS) run in
 * the sandbox on the image's filesystem; output streams to the terminal and the exit code
 * is the process's. Nothing persists (every run is `--rm`).
 */
export async function runImage(state: LocalImages, io: RunIO, req: RunRequest, deps: PlatformDeps): Promise<number> {
  const stored = state.images.find(req.image);
  if (!stored) {
    io.stderr(`Unable to find image '${req.image}' locally\ndocker: Error response from daemon: No such image: ${req.image} (the sandbox is offline: build it first)\n`);
    return 125;
  }
  const cfg = (stored.config as { config?: { Entrypoint?: string[]; Cmd?: string[]; Env?: string[]; WorkingDir?: string; User?: string } }).config ?? {};
  const entrypoint = req.entrypoint !== undefined ? (req.entrypoint === '' ? [] : [req.entrypoint]) : (cfg.Entrypoint ?? []);
  // --entrypoint resets the image's Cmd, as Docker does.
  const cmd = req.args.length > 0 ? req.args : req.entrypoint !== undefined ? [] : (cfg.Cmd ?? []);
  const argv = [...entrypoint, ...cmd];
  if (argv.length === 0) {
    io.stderr('docker: Error response from daemon: no command specified\n');
    return 125;
  }
  let root: Snapshot;
  try {
    root = await rootfs(stored, state, deps);
  } catch (err) {
    if (!(err instanceof MissingBlobError)) throw err;
    io.stderr(`docker: Error response from daemon: ${err.message}\n`);
    return 125;
  }
  const env = new Map<string, string>();
  for (const kv of [...(cfg.Env ?? []), ...req.env]) {
    const eq = kv.indexOf('=');
    if (eq > 0) env.set(kv.slice(0, eq), kv.slice(eq + 1));
    else if (io.env[kv] !== undefined) env.set(kv, io.env[kv]!);
  }
  if (!env.has('PATH')) env.set('PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
  if (!env.has('HOME')) env.set('HOME', '/root');
  const cwd = cfg.WorkingDir || '/';
  const fs = root.edit();
  const path = lookPath(fs, argv[0]!, cwd, env.get('PATH'));
  if (!path) {
    io.stderr(`${RUNTIME_ERR} exec: "${argv[0]}": executable file not found in $PATH: unknown\n`);
    return 127;
  }
  const program = programs(path, fs);
  if (!program) {
    io.stderr(`exec ${path}: exec format error\n`);
    return 1;
  }
  const result = await program.run(argv, {
    fs,
    env,
    cwd,
    user: { uid: 0, gid: 0, name: 'root' },
    platform: stored.platforms[0] ?? platformString({ os: 'linux', architecture: 'amd64' }),
    stdout: (s) => io.stdout(s),
    stderr: (s) => io.stderr(s),
    programs,
    ...(io.signal ? { signal: io.signal } : {}),
  });
  return result.exitCode;
}

/** The image's filesystem: catalog layers from the catalog's trees, the others from their stored blobs. */
async function rootfs(stored: StoredImage, state: LocalImages, deps: PlatformDeps): Promise<Snapshot> {
  const image = await imageFromStore(stored, state.blobs, deps, (d) => catalogLayerBlob(d, deps));
  const layers: (readonly TreeEntry[])[] = [];
  for (const l of await image.layers()) {
    const digest = await l.digest();
    const base = (await state.blobs.has(digest)) ? undefined : findCatalogLayer(digest);
    layers.push(base ? base.entries : tarToEntries(await l.uncompressed()));
  }
  return stackLayers(emptySnapshot(), layers);
}

/** Go's `exec.LookPath` as runc resolves the first argument with the image's PATH. */
export function lookPath(fs: WorkFs, name: string, cwd: string, path: string | undefined): string | undefined {
  const isExec = (p: string) => {
    const st = fs.stat(p);
    return st !== undefined && st.type === 'file' && (st.mode & 0o111) !== 0;
  };
  if (name.includes('/')) {
    const p = name.startsWith('/') ? name : `${cwd === '/' ? '' : cwd}/${name}`;
    return isExec(p) ? p : undefined;
  }
  for (const dir of (path ?? '').split(':')) {
    if (!dir) continue;
    const p = `${dir.replace(/\/$/, '')}/${name}`;
    if (isExec(p)) return p;
  }
  return undefined;
}
