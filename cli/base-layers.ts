/** Catalog base layers live in the engine, shared with the web terminal. */
export { catalogLayerBlob, findCatalogLayer, isCatalogLayer } from '../engine/store/base-layers.ts';
