/**
 * Images: layers base first plus a config, with the manifest and digests derived lazily
 * (go-containerregistry's Image). The config is finalised as BuildKit's exporter does:
 * rootfs rebuilt from the layers, history reconciled with them, `created` filled in.
 */
import type { PlatformDeps } from '../platform/types.ts';
import type { ConfigFile, History } from './config.ts';
import { EXPORTER_HISTORY_COMMENT, configJson } from './config.ts';
import type { Digest } from './digest.ts';
import { digestOf, once } from './digest.ts';
import type { Layer } from './layer.ts';
import type { Manifest, Platform } from './manifest.ts';
import { manifestJson } from './manifest.ts';
import { MediaTypes, layerMediaType } from './media.ts';

/** An immutable image. */
export interface Image {
  /** Media type of the manifest. */
  readonly mediaType: string;
  /** Construction options (shared by derived images in `mutate.ts`). */
  readonly options: ImageOptions;
  /** Layers, base first. */
  layers(): Promise<readonly Layer[]>;
  /** The config as given, before export finalisation. */
  baseConfig(): ConfigFile;
  /** The finalised config (rootfs.diff_ids from the layers, history reconciled). */
  configFile(): Promise<ConfigFile>;
  /** The config blob. */
  rawConfigFile(): Promise<Uint8Array>;
  /** Digest of the config blob (the image ID). */
  configName(): Promise<Digest>;
  manifest(): Promise<Manifest>;
  rawManifest(): Promise<Uint8Array>;
  /** Digest of the manifest blob. */
  digest(): Promise<Digest>;
  /** The image's platform, from its config. */
  platform(): Platform;
}

/** How an image is built and serialised. */
export interface ImageOptions {
  readonly deps: PlatformDeps;
  /** OCI media types (default) or Docker schema 2 ones. */
  readonly oci?: boolean;
  /** SOURCE_DATE_EPOCH (seconds): history and `created` newer than it are clamped. */
  readonly sourceDateEpoch?: number;
  /** Timestamp (RFC 3339) for history entries that have none. */
  readonly created?: string;
}

const enc = new TextEncoder();

/** Reconciles history with `layerCount` layers and fills timestamps (`normalizeLayersAndHistory`). */
export function normalizeHistory(history: readonly History[], layerCount: number, opts: ImageOptions): History[] {
  const out = history.map((h) => ({ ...h }));
  let nonEmpty = out.filter((h) => !h.empty_layer).length;
  for (let i = out.length - 1; i >= 0 && nonEmpty > layerCount; i--) {
    if (!out[i]!.empty_layer) {
      out[i]!.empty_layer = true;
      nonEmpty--;
    }
  }
  for (; nonEmpty < layerCount; nonEmpty++) out.push({ created: opts.created, comment: EXPORTER_HISTORY_COMMENT });
  // As BuildKit: untimed entries before the first new layer take that layer's time, later
  // ones the nearest earlier time (so a metadata step never takes a base layer's time when a
  // new layer follows it); `opts.created` only when nothing is timed.
  let fill: string | undefined;
  let untimed = false;
  for (const h of out) {
    if (h.created !== undefined) {
      fill = h.created;
      if (untimed) break;
    } else untimed = true;
  }
  untimed = false;
  for (const h of out) {
    if (h.created !== undefined) {
      if (untimed) fill = h.created;
    } else {
      untimed = true;
      h.created = fill ?? opts.created;
    }
    if (opts.sourceDateEpoch !== undefined && h.created !== undefined) h.created = clamp(h.created, opts.sourceDateEpoch);
  }
  return out.map((h) => (h.created === undefined ? (({ created: _c, ...rest }) => rest)(h) : h));
}

function clamp(created: string, epoch: number): string {
  const t = Date.parse(created) / 1000;
  return t > epoch ? new Date(epoch * 1000).toISOString().replace(/\.000Z$/, 'Z') : created;
}

/** An image from its layers (base first) and config. */
export function imageFromParts(layers: readonly Layer[], config: ConfigFile, options: ImageOptions): Image {
  const { deps } = options;
  const oci = options.oci ?? true;
  const configFile = once(async () => {
    const diffIds = await Promise.all(layers.map((l) => l.diffId()));
    const history = normalizeHistory(config.history ?? [], layers.length, options);
    let created = config.created ?? history[history.length - 1]?.created;
    if (created !== undefined && options.sourceDateEpoch !== undefined) created = clamp(created, options.sourceDateEpoch);
    if (!config.os) throw new Error('invalid image config for export: missing os');
    if (!config.architecture) throw new Error('invalid image config for export: missing architecture');
    const cfg: ConfigFile = { ...config, created, history, rootfs: { type: 'layers', diff_ids: diffIds } };
    return cfg;
  });
  const rawConfigFile = once(async () => enc.encode(configJson(await configFile())));
  const configName = once(async () => digestOf(deps.hasher, [await rawConfigFile()]));
  const manifest = once(async (): Promise<Manifest> => {
    const raw = await rawConfigFile();
    return {
      schemaVersion: 2,
      mediaType: oci ? MediaTypes.ociManifest : MediaTypes.dockerManifest,
      config: { mediaType: oci ? MediaTypes.ociConfig : MediaTypes.dockerConfig, digest: await configName(), size: raw.byteLength },
      // Layer media types are rewritten to the image's family (ConvertAllLayerMediaTypes).
      layers: await Promise.all(
        layers.map(async (l) => ({ mediaType: layerMediaType(oci, !/tar$/.test(l.mediaType)), digest: await l.digest(), size: await l.size() })),
      ),
    };
  });
  const rawManifest = once(async () => enc.encode(manifestJson(await manifest())));
  return {
    mediaType: oci ? MediaTypes.ociManifest : MediaTypes.dockerManifest,
    options,
    layers: async () => layers,
    baseConfig: () => config,
    configFile,
    rawConfigFile,
    configName,
    manifest,
    rawManifest,
    digest: once(async () => digestOf(deps.hasher, [await rawManifest()])),
    platform: () => ({
      architecture: config.architecture,
      os: config.os,
      ...(config['os.version'] ? { 'os.version': config['os.version'] } : {}),
      ...(config['os.features']?.length ? { 'os.features': config['os.features'] } : {}),
      ...(config.variant ? { variant: config.variant } : {}),
    }),
  };
}
