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
}

/** Sum of compressed layer sizes, as `docker images` shows it with the containerd store. */
export function imageSize(img: StoredImage): number {
  return img.layers.reduce((n, l) => n + l.size, 0);
}
