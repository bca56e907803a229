import { parseReference } from '../reference/index.ts';
import type { StoredImage } from './types.ts';

/**
 * The local image store: images by ID, each with its tags. A tag points at exactly one
 * image; tagging moves it (the old image keeps its other tags or becomes dangling).
 */
export class ImageStore {
  private readonly images = new Map<string, StoredImage>();

  constructor(initial: readonly StoredImage[] = []) {
    for (const img of initial) this.images.set(img.id, { ...img, repoTags: [...img.repoTags] });
  }

  /** Add or replace an image and point `tags` (any spelling Docker accepts) at it. */
  put(image: StoredImage, tags: readonly string[] = []): StoredImage {
    const full = tags.map((t) => parseReference(t).full);
    for (const other of this.images.values()) other.repoTags = other.repoTags.filter((t) => !full.includes(t));
    const existing = this.images.get(image.id);
    const merged: StoredImage = { ...image, repoTags: unique([...(existing?.repoTags ?? []), ...image.repoTags, ...full]) };
    this.images.set(image.id, merged);
    return merged;
  }

  /** All images, newest first (as `docker images` lists them). */
  list(): StoredImage[] {
    return [...this.images.values()].sort((a, b) => (a.created < b.created ? 1 : a.created > b.created ? -1 : cmp(a.id, b.id)));
  }

  /**
   * Find an image by reference (`buildme`, `buildme:v1`, `docker.io/library/buildme:latest`)
   * or by ID prefix (`sha256:abc…`, `abc123`), as the Docker CLI resolves them.
   */
  find(refOrId: string): StoredImage | undefined {
    try {
      const full = parseReference(refOrId).full;
      const tagged = [...this.images.values()].find((i) => i.repoTags.includes(full));
      if (tagged) return tagged;
    } catch {
      // not a reference: maybe an ID
    }
    const id = refOrId.replace(/^sha256:/, '');
    if (!/^[a-f0-9]+$/.test(id)) return undefined;
    const matches = [...this.images.values()].filter((i) => [i.id, ...(i.index ? [i.index.digest] : [])].some((d) => d.slice('sha256:'.length).startsWith(id)));
    return matches.length === 1 ? matches[0] : undefined;
  }

  /**
   * `docker rmi`: untag a reference (removing the image when no tag is left), or remove an
   * image by ID. Returns Docker's lines (`Untagged: buildme:latest`, `Deleted: sha256:…`).
   */
  remove(refOrId: string, opts: { force?: boolean } = {}): string[] {
    const img = this.find(refOrId);
    if (!img) throw new Error(`Error response from daemon: No such image: ${refOrId}`);
    const lines: string[] = [];
    // As the daemon decides: an argument that is a prefix of the image's ID removes the image.
    const byId = [img.id, ...(img.index ? [img.index.digest] : [])].some((d) => d.slice('sha256:'.length).startsWith(refOrId.replace(/^sha256:/, '')));
    if (byId) {
      if (img.repoTags.length > 1 && !opts.force) {
        throw new Error(
          `Error response from daemon: conflict: unable to delete ${shortId(img.id)} (must be forced) - image is referenced in multiple repositories`,
        );
      }
      for (const t of img.repoTags) lines.push(`Untagged: ${familiar(t)}`);
      img.repoTags = [];
    } else {
      const full = parseReference(refOrId).full;
      img.repoTags = img.repoTags.filter((t) => t !== full);
      lines.push(`Untagged: ${familiar(full)}`);
    }
    if (img.repoTags.length === 0) {
      this.images.delete(img.id);
      lines.push(`Deleted: ${img.id}`);
    }
    return lines;
  }

  /** `docker image prune`: remove dangling (untagged) images; returns the deleted IDs. */
  prune(): string[] {
    const gone = [...this.images.values()].filter((i) => i.repoTags.length === 0).map((i) => i.id);
    for (const id of gone) this.images.delete(id);
    return gone;
  }

  toJSON(): StoredImage[] {
    return this.list();
  }
}

/** `docker.io/library/buildme:latest` → `buildme:latest` (Docker's familiar form). */
export function familiar(full: string): string {
  return parseReference(full).familiar;
}

/** The 12-hex short ID Docker prints. */
export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
