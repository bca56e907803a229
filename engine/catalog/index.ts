/**
 * The offline base-image catalog: `scratch`, `alpine`, `busybox`, `golang` (Debian and
 * Alpine variants) and `golangci/golangci-lint`, with realistic trees, configs and sizes.
 * Contents are generated lazily; nothing here touches the network.
 */
export { listCatalog, resolveImage } from './resolve.ts';
export { CatalogError, CATALOG_CODES } from './errors.ts';
export { filler, generatedBytes, lazyBytes, lazyFiller, eagerBytes, clearFillerCache, type LazyFiller } from '../fs/filler.ts';
export { normalizePlatform } from './platform.ts';
export { LAYER_TABLE, type LayerNumbers } from './layer-table.ts';
export type {
  CatalogImage, CatalogLayer, CatalogRepo, ContainerConfig, HistoryEntry, ImageConfig, Platform, PlatformString,
} from './types.ts';
