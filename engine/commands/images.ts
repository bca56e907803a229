/**
 * The image commands (`images`, `history`, `inspect`, `rmi`, `image prune`) over a local
 * store, printing what Docker prints. The CLI runs them on its disk state, the web
 * terminal on the page's in-memory store.
 */
import { displayId, formatHistory, formatImages, imageSize, shortId, type BlobStore, type ImageStore, type StoredImage } from '../store/index.ts';
import { humanSize } from '../report/index.ts';
import type { CommandOutput } from './frontend-calls.ts';

/** A local image store and its blobs; `saveImages` persists the store after a change (if it persists). */
export interface LocalImages {
  readonly images: ImageStore;
  readonly blobs: BlobStore;
  saveImages?(): void;
}

/** Where an image command writes, and the wall clock (ms) for ages. */
export interface ImageCommandIO extends CommandOutput {
  now?(): number;
}

/** `docker images [PATTERN]` (`-q`: unique short IDs only). */
export function runImages(state: LocalImages, io: ImageCommandIO, pattern: string | undefined, quiet: boolean): number {
  const now = io.now?.() ?? Date.now();
  if (!quiet) {
    io.stdout(formatImages(state.images.list(), now, pattern));
    return 0;
  }
  const ids: string[] = [];
  for (const img of state.images.list()) {
    const rows = formatImages([img], now, pattern).trim().split('\n').length - 1;
    if (rows > 0 && !ids.includes(shortId(displayId(img)))) ids.push(shortId(displayId(img)));
  }
  io.stdout(ids.map((id) => id + '\n').join(''));
  return 0;
}

/** `docker history IMAGE`. */
export function runHistory(state: LocalImages, io: ImageCommandIO, ref: string, quiet: boolean): number {
  const img = state.images.find(ref);
  if (!img) return noSuchImage(io, ref);
  if (quiet) io.stdout(`${shortId(img.id)}\n${'<missing>\n'.repeat(Math.max(0, img.history.length - 1))}`);
  else io.stdout(formatHistory(img, io.now?.() ?? Date.now()));
  return 0;
}

/** Which container uses an image (by config digest), if any: its 64-hex ID and whether it runs. */
export type ImageUser = (imageId: string) => { readonly id: string; readonly running: boolean } | undefined;

/**
 * `docker rmi IMAGE...`: Docker's `Untagged:`/`Deleted:` lines; blobs no image uses any more
 * are removed. An image a container uses (`user`) is refused as the daemon refuses it; with
 * `-f` a name is untagged and the image kept for its container.
 */
export async function runRmi(state: LocalImages, io: ImageCommandIO, refs: readonly string[], force: boolean, user?: ImageUser): Promise<number> {
  let code = 0;
  const removed: StoredImage[] = [];
  for (const r of refs) {
    const img = state.images.find(r);
    const usedBy = img ? user?.(img.id) : undefined;
    if (img && usedBy) {
      const byId = img.id.slice('sha256:'.length).startsWith(r.replace(/^sha256:/, ''));
      const refusal = byId
        ? usedBy.running
          ? `unable to delete ${shortId(img.id)} (cannot be forced) - image is being used by running container ${usedBy.id.slice(0, 12)}`
          : force
            ? undefined
            : `unable to delete ${shortId(img.id)} (must be forced) - image is being used by stopped container ${usedBy.id.slice(0, 12)}`
        : force
          ? undefined
          : `unable to remove repository reference "${r}" (must force) - container ${usedBy.id.slice(0, 12)} is using its referenced image ${shortId(img.id)}`;
      if (refusal) {
        io.stderr(`Error response from daemon: conflict: ${refusal}\n`);
        code = 1;
        continue;
      }
    }
    try {
      let lines = state.images.remove(r, { force });
      if (img && usedBy && !state.images.find(img.id)) {
        // forced: the names go, the image stays for the container that uses it
        lines = lines.filter((l) => !l.startsWith('Deleted:'));
        state.images.put({ ...img, repoTags: [] });
      }
      io.stdout(lines.map((l) => l + '\n').join(''));
      if (img && !state.images.find(img.id)) removed.push(img);
    } catch (err) {
      io.stderr(`${err instanceof Error ? err.message : String(err)}\n`);
      code = 1;
    }
  }
  state.saveImages?.();
  await collectGarbage(state, removed);
  return code;
}

/** `docker image prune [-a]`: dangling images (all unused ones with `-a`), never one a container uses. */
export async function runPrune(state: LocalImages, io: ImageCommandIO, all: boolean, user?: ImageUser): Promise<number> {
  const victims = state.images.list().filter((i) => (all || i.repoTags.length === 0) && !user?.(i.id));
  let text = '';
  let reclaimed = 0;
  for (const img of victims) {
    for (const line of state.images.remove(img.id, { force: true })) text += `${line.replace(/^(\w+):/, (m) => m.toLowerCase())}\n`;
    reclaimed += imageSize(img);
  }
  state.saveImages?.();
  await collectGarbage(state, victims);
  io.stdout(`${victims.length > 0 ? `Deleted Images:\n${text}\n` : ''}Total reclaimed space: ${humanSize(reclaimed)}\n`);
  return 0;
}

/** Delete the blobs of `removed` images that no remaining image refers to. */
async function collectGarbage(state: LocalImages, removed: readonly StoredImage[]): Promise<void> {
  if (removed.length === 0) return;
  const live = new Set<string>();
  for (const img of state.images.list()) for (const d of blobsOf(img)) live.add(d);
  for (const img of removed) for (const d of blobsOf(img)) if (!live.has(d)) await state.blobs.delete(d);
}

function blobsOf(img: StoredImage): string[] {
  const variants = img.index?.variants ?? [];
  return [
    img.id, ...(img.manifestDigest ? [img.manifestDigest] : []), ...img.layers.map((l) => l.digest),
    ...(img.index ? [img.index.digest] : []), ...variants.flatMap((v) => [v.id, v.manifestDigest, ...v.layers.map((l) => l.digest)]),
  ];
}

/** Docker's message for an unknown image reference; exit 1. */
export function noSuchImage(io: ImageCommandIO, ref: string): number {
  io.stderr(`Error response from daemon: No such image: ${ref}\n`);
  return 1;
}
