import { lstatSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { ImageStore, type StoredImage, checkImageList } from '#engine/store';
import { DiskBlobStore } from './disk-blobs.ts';
import { setAside, StoreError, sweepTemporaries, withStoreLock } from './store-lock.ts';

const FORMAT = 1;

/**
 * Where stageplay keeps its state: `--root`, else `$XDG_DATA_HOME/stageplay`, else
 * `~/.local/share/stageplay` (the XDG base directory fallback).
 */
export function stateRoot(env: Readonly<Record<string, string | undefined>>, cwd: string, rootFlag?: string): string {
  if (rootFlag) return resolve(cwd, rootFlag);
  const xdg = env.XDG_DATA_HOME;
  if (xdg && xdg.startsWith('/')) return join(xdg, 'stageplay');
  return join(env.HOME || homedir(), '.local', 'share', 'stageplay');
}

/** One change a command made to the image store, replayed onto the newest store when it is saved. */
type Change =
  | { readonly kind: 'put'; readonly image: StoredImage; readonly tags: readonly string[] }
  | { readonly kind: 'remove'; readonly ref: string; readonly force: boolean }
  | { readonly kind: 'prune' };

/** An `ImageStore` that remembers the changes made to it since it was read. */
class ChangeLog extends ImageStore {
  readonly changes: Change[] = [];

  override put(image: StoredImage, tags: readonly string[] = []): StoredImage {
    const stored = super.put(image, tags);
    this.changes.push({ kind: 'put', image, tags: [...tags] });
    return stored;
  }

  override remove(refOrId: string, opts: { force?: boolean } = {}): string[] {
    const lines = super.remove(refOrId, opts);
    this.changes.push({ kind: 'remove', ref: refOrId, force: opts.force === true });
    return lines;
  }

  override prune(): string[] {
    const gone = super.prune();
    this.changes.push({ kind: 'prune' });
    return gone;
  }
}

/**
 * The CLI's persistent state under one root: `images.json` (the image store),
 * `blobs/sha256/<hex>` (layers, configs, manifests), `cache.json`/`.bin` (the layer
 * cache) and `cache-mounts.json`/`.bin`.
 *
 * Several commands may share a root at once. Reads need no lock (every file is replaced
 * by a rename, never rewritten in place); a change is a read-modify-write under the
 * root's lock (`store.lock`): the newest `images.json` is read, this command's changes
 * are replayed onto it and the result written atomically, so two builds tagging
 * different images both keep their tag. A damaged file is set aside
 * (`images.json.corrupt-<time>`) with one warning and the command goes on without it.
 */
export class LocalState {
  private store: ChangeLog;
  readonly blobs: DiskBlobStore;

  private constructor(
    readonly root: string,
    images: readonly StoredImage[],
    private readonly warn: (line: string) => void,
  ) {
    this.store = new ChangeLog(images);
    this.blobs = new DiskBlobStore(join(root, 'blobs'), warn);
  }

  /** The image store as this command sees it (after `saveImages`, the newest one on disk). */
  get images(): ImageStore {
    return this.store;
  }

  /** Open the state under `root`; `warn` receives one line per file that had to be set aside. */
  static open(root: string, warn: (line: string) => void): LocalState {
    let st;
    try {
      st = statSync(root);
    } catch {
      st = undefined; // a root that does not exist yet (or cannot be looked at) is made when first written
    }
    if (st && !st.isDirectory()) throw new StoreError(`the state root ${root} is not a directory`);
    sweepTemporaries(root);
    return new LocalState(root, readImages(root, warn), warn);
  }

  /** Replay this command's changes onto the newest stored images and write them (atomically, under the lock). */
  saveImages(): void {
    const changes = this.store.changes;
    if (changes.length === 0) return;
    this.store = withStoreLock(this.root, () => {
      const fresh = new ChangeLog(readImagesLocked(this.root, this.warn));
      for (const c of changes) replay(fresh, c);
      writeFileAtomic.sync(imagesPath(this.root), JSON.stringify({ version: FORMAT, images: fresh.toJSON() }));
      fresh.changes.length = 0;
      return fresh;
    });
  }
}

function replay(store: ImageStore, c: Change): void {
  if (c.kind === 'put') store.put(c.image, c.tags);
  else if (c.kind === 'prune') store.prune();
  else {
    try {
      store.remove(c.ref, { force: c.force });
    } catch {
      // another command removed or retagged it meanwhile: nothing left to remove
    }
  }
}

function imagesPath(root: string): string {
  return join(root, 'images.json');
}

/** The stored images, or none when there is no store yet; a damaged `images.json` is set aside (under the lock). */
function readImages(root: string, warn: (line: string) => void): StoredImage[] {
  const first = parseImages(root);
  if (first.images) return first.images;
  return withStoreLock(root, () => readImagesLocked(root, warn));
}

/** `readImages` for a caller holding the lock: what is damaged now is set aside. */
function readImagesLocked(root: string, warn: (line: string) => void): StoredImage[] {
  const again = parseImages(root);
  if (again.images) return again.images;
  setAside(imagesPath(root), again.damage!, 'starting with no images', warn);
  return [];
}

function parseImages(root: string): { images?: StoredImage[]; damage?: string } {
  const path = imagesPath(root);
  const st = lstatSync(path, { throwIfNoEntry: false });
  if (!st) return { images: [] };
  if (!st.isFile()) return { damage: 'not a regular file' };
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    return { damage: err instanceof Error ? err.message : String(err) };
  }
  const bad = checkImageList(doc, FORMAT);
  return bad ? { damage: bad } : { images: (doc as { images: StoredImage[] }).images };
}
