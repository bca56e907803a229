/**
 * What `docker run` starts from an image (shared by the container manager, `containers/`):
 * the image's filesystem, its config, the process's argv, and Go's `exec.LookPath` as runc
 * resolves the first argument.
 */
import { emptySnapshot, stackLayers, type Snapshot, type TreeEntry, type WorkFs } from '../fs/index.ts';
import { tarToEntries } from '../image/index.ts';
import type { PlatformDeps } from '../platform/types.ts';
import { imageFromStore, type StoredImage } from '../store/index.ts';
import { catalogLayerBlob, findCatalogLayer } from '../store/base-layers.ts';
import type { LocalImages } from './images.ts';

/** The image config fields a container starts from. */
export interface ImageRunConfig {
  readonly Entrypoint?: string[] | null;
  readonly Cmd?: string[] | null;
  readonly Env?: string[];
  readonly WorkingDir?: string;
  readonly User?: string;
  readonly ExposedPorts?: Record<string, unknown>;
  readonly Labels?: Record<string, string>;
}

/** The runtime's words for a process that cannot start (runc's, as `docker run` prints them after `docker: Error response from daemon: `). */
export const RUNTIME_ERR = 'failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init:';

/** The image's config (`config` of the image config file). */
export function imageRunConfig(stored: StoredImage): ImageRunConfig {
  return (stored.config as { config?: ImageRunConfig }).config ?? {};
}

/**
 * The process `docker run` starts: the image's entrypoint and cmd, `args` replacing the
 * cmd, `--entrypoint` replacing the entrypoint and resetting the cmd (as Docker does).
 */
export function containerArgv(cfg: ImageRunConfig, args: readonly string[], entrypoint: string | undefined): { entrypoint: string[]; cmd: string[] } {
  const ep = entrypoint !== undefined ? (entrypoint === '' ? [] : [entrypoint]) : (cfg.Entrypoint ?? []);
  const cmd = args.length > 0 ? [...args] : entrypoint !== undefined ? [] : (cfg.Cmd ?? []);
  return { entrypoint: ep, cmd };
}

/** The image's filesystem: catalog layers from the catalog's trees, the others from their stored blobs. */
export async function rootfs(stored: StoredImage, state: LocalImages, deps: PlatformDeps): Promise<Snapshot> {
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
