import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { ImageStore, type StoredImage } from '../engine/store/index.ts';
import { DiskBlobStore } from './disk-blobs.ts';

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

/**
 * The CLI's persistent state under one root: `images.json` (the image store),
 * `blobs/sha256/<hex>` (layers, configs, manifests), `cache.json` (the layer cache) and
 * `cache-mounts.json`. A missing root starts empty; an unreadable file starts fresh
 * with a warning instead of failing the command.
 */
export class LocalState {
  readonly images: ImageStore;
  readonly blobs: DiskBlobStore;

  private constructor(
    readonly root: string,
    images: readonly StoredImage[],
  ) {
    this.images = new ImageStore(images);
    this.blobs = new DiskBlobStore(join(root, 'blobs'));
  }

  /** Open the state under `root`; `warn` receives one line per file that had to be discarded. */
  static open(root: string, warn: (line: string) => void): LocalState {
    const doc = readJson(join(root, 'images.json'), warn);
    let images: StoredImage[] = [];
    if (doc !== undefined) {
      const list = (doc as { images?: unknown }).images;
      if ((doc as { version?: unknown }).version === FORMAT && Array.isArray(list) && list.every(isStoredImage)) images = list;
      else warn(`WARNING: ignoring ${join(root, 'images.json')}: not a stageplay image store (starting with no images)`);
    }
    return new LocalState(root, images);
  }

  /** Write the image store (atomically). */
  saveImages(): void {
    writeJson(join(this.root, 'images.json'), { version: FORMAT, images: this.images.toJSON() });
  }

  /** A JSON document kept beside the store (`cache.json`, ...), or undefined when absent or corrupt. */
  readDoc(name: string, warn: (line: string) => void): unknown {
    return readJson(join(this.root, name), warn);
  }

  /** Write a JSON document beside the store (atomically). */
  writeDoc(name: string, value: unknown): void {
    writeJson(join(this.root, name), value);
  }
}

function readJson(path: string, warn: (line: string) => void): unknown {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    warn(`WARNING: ignoring ${path}: ${err instanceof Error ? err.message : String(err)} (starting fresh)`);
    return undefined;
  }
}

function writeJson(path: string, value: unknown): void {
  mkdirSync(resolve(path, '..'), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(value));
  renameSync(tmp, path);
}

function isStoredImage(x: unknown): x is StoredImage {
  const i = x as StoredImage;
  return (
    typeof i === 'object' && i !== null && typeof i.id === 'string' && Array.isArray(i.repoTags) && typeof i.created === 'string' &&
    Array.isArray(i.layers) && Array.isArray(i.history) && typeof i.config === 'object' && Array.isArray(i.platforms)
  );
}
