/** One layer of a stored image, as `docker history` and the size column need it. */
export interface StoredLayer {
  /** Compressed blob digest. */
  readonly digest: string;
  /** Compressed size in bytes (what the containerd image store and the guide report). */
  readonly size: number;
  readonly diffId: string;
  readonly uncompressedSize: number;
}

/** One history entry of the image config, with the layer it made (if any). */
export interface StoredHistory {
  readonly created: string;
  readonly createdBy: string;
  readonly comment?: string;
  readonly emptyLayer: boolean;
}

/**
 * An image in the local store: what `docker images`, `history`, `inspect` and `rmi` read.
 * Plain data (crosses workers, persists as JSON).
 */
export interface StoredImage {
  /** `sha256:<hex>` of the config blob: Docker's image ID. */
  readonly id: string;
  /** Fully qualified references, e.g. `docker.io/library/buildme:latest`. */
  repoTags: string[];
  /** RFC 3339 creation time from the config. */
  readonly created: string;
  readonly layers: readonly StoredLayer[];
  readonly history: readonly StoredHistory[];
  /** The OCI config JSON, for `docker inspect`. */
  readonly config: Readonly<Record<string, unknown>>;
  /** `os/arch[/variant]` of each platform the image has. */
  readonly platforms: readonly string[];
  /** Manifest (or index) digest, shown by `inspect` as RepoDigests-like data. */
  readonly manifestDigest?: string;
  /** When a tag last pointed at it (RFC 3339): `inspect`'s `Metadata.LastTagTime`. */
  lastTagTime?: string;
  /**
   * A multi-platform image (containerd image store): its OCI index. The record's own
   * fields then describe the variant for the host platform (what `run`, `history` and
   * `save` use by default); `docker images` and `inspect` show the index digest as the ID.
   */
  readonly index?: StoredIndex;
}

/** The OCI index of a multi-platform image and one entry per platform. */
export interface StoredIndex {
  /** `sha256:<hex>` of the index JSON. */
  readonly digest: string;
  readonly size: number;
  readonly variants: readonly StoredVariant[];
}

/** One platform's image of a multi-platform image. */
export interface StoredVariant {
  /** `os/arch[/variant]`. */
  readonly platform: string;
  readonly manifestDigest: string;
  readonly manifestSize: number;
  /** Config digest. */
  readonly id: string;
  readonly layers: readonly StoredLayer[];
}

/** The ID Docker shows for an image: the index digest of a multi-platform image, else the config digest. */
export function displayId(img: StoredImage): string {
  return img.index?.digest ?? img.id;
}

/** Sum of compressed layer sizes, as `docker images` shows it with the containerd store (all platforms of a multi-platform image). */
export function imageSize(img: StoredImage): number {
  if (!img.index) return img.layers.reduce((n, l) => n + l.size, 0);
  // Every platform's content is in the store: each distinct layer counts once.
  const sizes = new Map<string, number>();
  for (const v of img.index.variants) for (const l of v.layers) sizes.set(l.digest, l.size);
  return [...sizes.values()].reduce((n, x) => n + x, 0);
}
