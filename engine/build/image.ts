/** A finished stage as an image: catalog layers keep their table digests, step layers are made once. */
import { baseLayerOf, catalogLayer, type StageState } from '../exec/index.ts';
import type { TreeEntry } from '../fs/index.ts';
import { imageFromParts, layerFromEntries, type Image, type Layer } from '../image/index.ts';
import type { PlatformDeps } from '../platform/types.ts';

const stepLayers = new WeakMap<readonly TreeEntry[], Map<string, Layer>>();
/**
 * Layers by their step's id (`StageLayer.id`), the newest `KEEP_BY_ID`, last used last. Not
 * per `deps`: a build wraps the page's deps anew (`yieldingDeps`), and a layer made with an
 * earlier build's wrapper makes the same bytes.
 */
const byId = new Map<string, Layer>();
const KEEP_BY_ID = 32;

/**
 * The layer of a step's entries, memoised so export and `docker images` tar, hash and gzip
 * it once: by the entries' identity, and by the step's `id` when it has one (a stage run on
 * a stage worker comes back as new entry objects on every build, cached steps included, and
 * a fully cached rebuild must not make their bytes again).
 */
export function stepLayer(entries: readonly TreeEntry[], deps: PlatformDeps, sourceDateEpoch?: number, id?: string, ran = false): Layer {
  let byOpts = stepLayers.get(entries);
  if (!byOpts) {
    byOpts = new Map();
    stepLayers.set(entries, byOpts);
  }
  const k = String(sourceDateEpoch ?? '');
  let layer = byOpts.get(k);
  if (layer) return layer;
  const idKey = id !== undefined ? `${id} ${k}` : undefined;
  layer = idKey !== undefined ? byId.get(idKey) : undefined;
  if (!layer) layer = layerFromEntries(entries, deps, { ...(sourceDateEpoch !== undefined ? { sourceDateEpoch } : {}), ...(ran ? { fresh: true } : {}) });
  byOpts.set(k, layer);
  if (idKey !== undefined) {
    byId.delete(idKey);
    byId.set(idKey, layer);
    if (byId.size > KEEP_BY_ID) byId.delete(byId.keys().next().value!);
  }
  return layer;
}

/** Forgets every layer made so far, as a new process starts with none (tests of the CLI's store). */
export function forgetStepLayers(): void {
  byId.clear();
}

/** Options of `stageImage`. */
export interface StageImageOptions {
  /** OCI media types (the `oci` exporter) or Docker's (image store, `docker` exporter). */
  readonly oci: boolean;
  /** The build's time (RFC 3339): `created` with SOURCE_DATE_EPOCH, else for entries nothing times. */
  readonly created: string;
  readonly sourceDateEpoch?: number;
}

/**
 * The image of a stage's final state. As BuildKit's: the config's `created` is the epoch
 * with SOURCE_DATE_EPOCH, otherwise the last history entry's time (the newest layer's cache
 * record), so a fully cached rebuild has the same config and image ID; `opts.created` (the
 * build's time) only times what nothing else does.
 */
export function stageImage(state: StageState, deps: PlatformDeps, opts: StageImageOptions): Image {
  const layers = state.layers.map((l) => (l.kind === 'base' ? catalogLayer(baseLayerOf(l.ref, l.platform, l.index), deps) : stepLayer(l.entries, deps, opts.sourceDateEpoch, l.id, l.ran === true)));
  const { created: _base, ...config } = state.config;
  return imageFromParts(layers, opts.sourceDateEpoch !== undefined ? { ...config, created: opts.created } : config, {
    deps,
    oci: opts.oci,
    created: opts.created,
    ...(opts.sourceDateEpoch !== undefined ? { sourceDateEpoch: opts.sourceDateEpoch } : {}),
  });
}
