/**
 * The documents of the `state` object store (the format, the image index: the
 * `ImageStore`'s rows) and their checks; dumps with byte blobs packed as
 * `cli/cache-files.ts` packs them (plain data, plus the bytes back to back in one buffer).
 */
import type { StoredImage } from '#engine/store';

/** Format of the documents; a database holding another format is cleared. */
export const FORMAT = 1;

/** Keys in the `state` store. */
export const DOC = { format: 'format', images: 'images' } as const;

/** A dump (`MemoryLayerCache.dump()`, `MemoryCacheMountStore.dump()`) as stored. */
export interface PackedDump {
  readonly sizes: readonly number[];
  readonly bin: Uint8Array;
  readonly data: object;
}

/** A dump as one value: its blobs concatenated. */
export function packDump<T extends { readonly blobs: readonly Uint8Array[] }>(dump: T): PackedDump {
  const { blobs, ...data } = dump;
  const total = blobs.reduce((n, b) => n + b.byteLength, 0);
  const bin = new Uint8Array(total);
  let off = 0;
  for (const b of blobs) {
    bin.set(b, off);
    off += b.byteLength;
  }
  return { sizes: blobs.map((b) => b.byteLength), bin, data };
}

/** What `packDump` packed; throws when the value is not a packed dump or its sizes do not add up. */
export function unpackDump<T extends { readonly blobs: readonly Uint8Array[] }>(value: unknown): T {
  const v = value as Partial<PackedDump> | null;
  if (typeof v !== 'object' || v === null || !Array.isArray(v.sizes) || !(v.bin instanceof Uint8Array) || typeof v.data !== 'object' || v.data === null) {
    throw new Error('not a build cache dump');
  }
  const total = v.sizes.reduce((a: number, b: unknown) => a + (typeof b === 'number' && b >= 0 ? b : NaN), 0);
  if (total !== v.bin.byteLength) throw new Error(`expected ${total} bytes of data, found ${v.bin.byteLength}`);
  const blobs: Uint8Array[] = [];
  let off = 0;
  for (const n of v.sizes as number[]) {
    blobs.push(v.bin.subarray(off, off + n));
    off += n;
  }
  return { ...v.data, blobs } as unknown as T;
}

/** The image index, or throws when the value is not one. */
export function checkImages(value: unknown): StoredImage[] {
  if (!Array.isArray(value) || !value.every(isStoredImage)) throw new Error('not a stageplay image store');
  return value;
}

function isStoredImage(x: unknown): x is StoredImage {
  const i = x as StoredImage;
  return (
    typeof i === 'object' && i !== null && typeof i.id === 'string' && Array.isArray(i.repoTags) && typeof i.created === 'string' &&
    Array.isArray(i.layers) && i.layers.every((l) => typeof l?.digest === 'string') && Array.isArray(i.history) &&
    typeof i.config === 'object' && i.config !== null && Array.isArray(i.platforms)
  );
}

/** Every blob an image needs: manifest, config and layers. */
export function blobsOf(img: StoredImage): string[] {
  return [...(img.manifestDigest ? [img.manifestDigest] : []), img.id, ...img.layers.map((l) => l.digest)];
}
