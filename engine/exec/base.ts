/** Stage bases: a catalog image or `scratch` as a `StageState`, and catalog layers as image layers. */
import { resolveImage, type CatalogImage, type CatalogLayer } from '../catalog/index.ts';
import { emptySnapshot, stackLayers, type Snapshot } from '../fs/index.ts';
import { emptyConfig, layerFromEntries, type ConfigFile, type Digest, type Layer } from '../image/index.ts';
import { parsePlatform } from '../dockerfile/index.ts';
import type { PlatformDeps } from '../platform/types.ts';
import type { StageState } from './types.ts';

const trees = new Map<string, Snapshot>();

/** The root filesystem of a catalog image (memoised per image and platform). */
export function catalogSnapshot(img: CatalogImage): Snapshot {
  const key = `${img.manifestDigest}`;
  let snap = trees.get(key);
  if (!snap) {
    snap = stackLayers(emptySnapshot(), img.layers.map((l) => l.entries));
    trees.set(key, snap);
  }
  return snap;
}

/** The config a stage starts from for a catalog image (BuildKit's `dispatchState.init`). */
export function catalogConfig(img: CatalogImage): ConfigFile {
  const c = img.config;
  const cc = c.config;
  return {
    architecture: c.architecture,
    os: c.os,
    ...(c.variant ? { variant: c.variant } : {}),
    created: c.created,
    config: {
      ...(cc.User ? { User: cc.User } : {}),
      Env: [...cc.Env],
      ...(cc.Entrypoint ? { Entrypoint: [...cc.Entrypoint] } : {}),
      ...(cc.Cmd ? { Cmd: [...cc.Cmd] } : {}),
      WorkingDir: cc.WorkingDir,
      ...(cc.Labels ? { Labels: { ...cc.Labels } } : {}),
    },
    rootfs: { type: 'layers', diff_ids: (c.rootfs?.diff_ids ?? []) as Digest[] },
    history: c.history.map((h) => ({ ...h })),
  };
}

/** A stage starting `FROM <catalog image>`. */
export function imageState(img: CatalogImage): StageState {
  return {
    snapshot: catalogSnapshot(img),
    layers: img.layers.map((_, index) => ({ kind: 'base', ref: img.ref, platform: img.platform, index })),
    config: catalogConfig(img),
    cacheKey: img.manifestDigest,
  };
}

/** A stage starting `FROM scratch` for `platform`. */
export function scratchState(platform: string): StageState {
  const p = parsePlatform(platform);
  return {
    snapshot: emptySnapshot(),
    layers: [],
    config: emptyConfig({ os: p.os, architecture: p.architecture, ...(p.variant ? { variant: p.variant } : {}) }),
    cacheKey: `scratch:${platform}`,
  };
}

/** The catalog layer a `base` stage layer names. */
export function baseLayerOf(ref: string, platform: string, index: number): CatalogLayer {
  const layer = resolveImage(ref, platform).layers[index];
  if (!layer) throw new Error(`catalog image ${ref} (${platform}) has no layer ${index}`);
  return layer;
}

/**
 * A catalog layer as an image layer. Digests and sizes come from the catalog's table when
 * it has them, so `docker images` sizes need no gzip; the bytes are only generated when an
 * export reads them.
 */
export function catalogLayer(layer: CatalogLayer, deps: PlatformDeps, oci = true): Layer {
  const key = `${oci}`;
  let byOpts = catalogLayers.get(layer);
  if (!byOpts) {
    byOpts = new Map();
    catalogLayers.set(layer, byOpts);
  }
  const known = byOpts.get(key);
  if (known && known.deps === deps) return known.layer;
  const made = makeCatalogLayer(layer, deps, oci);
  byOpts.set(key, { deps, layer: made });
  return made;
}

const catalogLayers = new WeakMap<CatalogLayer, Map<string, { deps: PlatformDeps; layer: Layer }>>();

function makeCatalogLayer(layer: CatalogLayer, deps: PlatformDeps, oci: boolean): Layer {
  const inner = layerFromEntries(layer.entries, deps, { oci, ...(layer.diffId ? { diffId: layer.diffId as Digest } : {}) });
  const { diffId, digest, compressedSize, size } = layer;
  return {
    ...inner,
    diffId: diffId ? () => Promise.resolve(diffId as Digest) : inner.diffId,
    digest: digest ? () => Promise.resolve(digest as Digest) : inner.digest,
    size: compressedSize !== undefined ? () => Promise.resolve(compressedSize) : inner.size,
    uncompressedSize: size !== undefined ? () => Promise.resolve(size) : inner.uncompressedSize,
  };
}
