/** OCI and Docker schema 2 media types. */
export const MediaTypes = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar',
} as const;

/** Any media type this package writes. */
export type MediaType = (typeof MediaTypes)[keyof typeof MediaTypes];

/** Layer media type for a family and compression. */
export function layerMediaType(oci: boolean, gzip: boolean): MediaType {
  if (oci) return gzip ? MediaTypes.ociLayerGzip : MediaTypes.ociLayer;
  return gzip ? MediaTypes.dockerLayerGzip : MediaTypes.dockerLayer;
}
