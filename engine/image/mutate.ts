/** Pure functions deriving new images (go-containerregistry's mutate). */
import type { ConfigFile, ContainerConfig, History } from './config.ts';
import type { Image } from './image.ts';
import { imageFromParts } from './image.ts';
import type { Layer } from './layer.ts';

/** A layer with the history entry describing it. */
export interface Addendum {
  readonly layer: Layer;
  readonly history?: History;
}

/** `base` plus layers on top (history entries appended for those that carry one). */
export async function appendLayers(base: Image, ...additions: readonly (Layer | Addendum)[]): Promise<Image> {
  const adds = additions.map((a) => ('layer' in a ? a : { layer: a }));
  const cfg = base.baseConfig();
  const history = [...(cfg.history ?? []), ...adds.flatMap((a) => (a.history ? [{ ...a.history, empty_layer: undefined }] : []))];
  return imageFromParts([...(await base.layers()), ...adds.map((a) => a.layer)], { ...cfg, history }, base.options);
}

/** `base` with its container config replaced (or transformed). */
export async function withConfig(base: Image, config: ContainerConfig | ((c: ContainerConfig) => ContainerConfig)): Promise<Image> {
  const cfg = base.baseConfig();
  const next = typeof config === 'function' ? config(cfg.config) : config;
  return imageFromParts(await base.layers(), { ...cfg, config: next }, base.options);
}

/** `base` with its whole config file transformed (rootfs is recomputed from the layers). */
export async function withConfigFile(base: Image, fn: (c: ConfigFile) => ConfigFile): Promise<Image> {
  return imageFromParts(await base.layers(), fn(base.baseConfig()), base.options);
}

/** `base` with history entries for steps that produced no layer (`empty_layer: true`). */
export async function withHistory(base: Image, ...entries: readonly History[]): Promise<Image> {
  const cfg = base.baseConfig();
  const history = [...(cfg.history ?? []), ...entries.map((h) => ({ ...h, empty_layer: true }))];
  return imageFromParts(await base.layers(), { ...cfg, history }, base.options);
}
