/** The empty image: `FROM scratch` (BuildKit's dockerfile2llb `emptyImage`). */
import type { ConfigFile } from './config.ts';
import { DEFAULT_PATH_ENV } from './config.ts';
import type { Image, ImageOptions } from './image.ts';
import { imageFromParts } from './image.ts';
import type { Platform } from './manifest.ts';

/** The config BuildKit starts a `FROM scratch` stage with, for `platform`. */
export function emptyConfig(platform: Platform): ConfigFile {
  return {
    architecture: platform.architecture,
    os: platform.os,
    ...(platform.variant ? { variant: platform.variant } : {}),
    config: platform.os === 'windows' ? { WorkingDir: '/' } : { Env: [DEFAULT_PATH_ENV], WorkingDir: '/' },
    rootfs: { type: 'layers', diff_ids: [] },
  };
}

/** An image with no layers and the scratch config. */
export function emptyImage(platform: Platform, options: ImageOptions): Image {
  return imageFromParts([], emptyConfig(platform), options);
}
