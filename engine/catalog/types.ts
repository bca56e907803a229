import type { TreeEntry } from '../fs/types.ts';

/** `os/arch[/variant]`, e.g. `linux/amd64`, `linux/arm/v7`. */
export type PlatformString = string;

/** The OCI platform object of a manifest or config. */
export interface Platform {
  readonly os: string;
  readonly architecture: string;
  readonly variant?: string;
}

/** The runtime part of an image config (`config` in the OCI config JSON), Docker's field names. */
export interface ContainerConfig {
  readonly Env: readonly string[];
  readonly Cmd?: readonly string[];
  readonly Entrypoint?: readonly string[];
  /** `''` when the image sets none (Docker shows it as empty). */
  readonly WorkingDir: string;
  readonly User?: string;
  readonly Labels?: Readonly<Record<string, string>>;
}

/** One `history` entry of the OCI config; `empty_layer` entries made no layer. */
export interface HistoryEntry {
  readonly created: string;
  readonly created_by: string;
  readonly comment?: string;
  readonly empty_layer?: boolean;
}

/** The image config blob's content (OCI image config), without `rootfs` digests when unknown. */
export interface ImageConfig extends Platform {
  readonly created: string;
  readonly config: ContainerConfig;
  /** One entry per instruction of the real image's Dockerfile; non-empty ones match `layers` in order. */
  readonly history: readonly HistoryEntry[];
  /** The layers' diff_ids, base first (set by `resolveImage` when the digest table has every layer). */
  readonly rootfs?: { readonly type: 'layers'; readonly diff_ids: readonly string[] };
}

/** One layer of a catalog image. */
export interface CatalogLayer {
  /** The layer's changes as a file tree (parents listed before children); content is lazy. */
  readonly entries: readonly TreeEntry[];
  /** `sha256:` of the uncompressed tar, from the committed digest table (absent if not computed). */
  readonly diffId?: string;
  /** Uncompressed tar size in bytes (from the table; else the sum of file sizes plus tar headers, estimated). */
  readonly size?: number;
  /** gzip (level 6) blob size in bytes (from the table). */
  readonly compressedSize?: number;
  /** `sha256:` of the gzip blob (from the table). */
  readonly digest?: string;
}

/** A catalog image for one platform: what `FROM` resolves to. */
export interface CatalogImage {
  /** Normalised reference as asked, e.g. `docker.io/library/golang:1.20-alpine` (with `@digest` if given). */
  readonly ref: string;
  /** Stable `sha256:` of the image index (multi-platform) the tag points at: the repo digest. */
  readonly digest: string;
  /** Stable `sha256:` of this platform's manifest. */
  readonly manifestDigest: string;
  /** The platform resolved, e.g. `linux/amd64`. */
  readonly platform: PlatformString;
  readonly config: ImageConfig;
  /** Base layer first. */
  readonly layers: readonly CatalogLayer[];
}

/** One repository of the catalog, as `listCatalog()` describes it. */
export interface CatalogRepo {
  /** Normalised repository name, e.g. `docker.io/library/golang`. */
  readonly name: string;
  /** Docker's short name, e.g. `golang`, `golangci/golangci-lint`. */
  readonly familiar: string;
  /** Every tag the catalog resolves, sorted. */
  readonly tags: readonly string[];
  /** Platforms per tag are the same for all tags of a repo, except where noted by `resolveImage`. */
  readonly platforms: readonly PlatformString[];
}

/** How a catalog module describes one layer before resolution: a stable key and a tree builder. */
export interface LayerSpec {
  /** Stable identity of the layer's content (key of the digest table), e.g. `alpine/3.21.4/linux/amd64`. */
  readonly key: string;
  /** Builds the entries (cheap: contents stay lazy). */
  build(): TreeEntry[];
}

/** A catalog image for one platform before it gets a reference and digests. */
export interface ImageSpec {
  readonly config: ImageConfig;
  /** Base first; one per non-empty history entry. */
  readonly layers: readonly LayerSpec[];
}
