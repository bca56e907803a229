/** An image as the local store keeps it (`docker images`, `history`, `inspect`). */
import type { Image } from '../image/index.ts';
import { parseReference } from '../reference/index.ts';
import type { StoredImage } from '../store/types.ts';

/** Normalised `repo:tag` references for `-t` names (`buildme` → `docker.io/library/buildme:latest`). */
export function fullTags(tags: readonly string[]): string[] {
  return tags.map((t) => parseReference(t).full);
}

/**
 * The store record of `image` (for several platforms, pass each and the index digest as
 * `manifestDigest`). `tags` are the `-t` names in any spelling Docker accepts.
 */
export async function toStoredImage(image: Image, tags: readonly string[] = [], extraPlatforms: readonly Image[] = [], manifestDigest?: string): Promise<StoredImage> {
  const cfg = await image.configFile();
  const layers = await image.layers();
  const stored = await Promise.all(layers.map(async (l) => ({
    digest: await l.digest(), size: await l.size(), diffId: await l.diffId(), uncompressedSize: await l.uncompressedSize(),
  })));
  const platformOf = (img: Image): string => {
    const p = img.platform();
    return `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ''}`;
  };
  return {
    id: await image.configName(),
    repoTags: fullTags(tags),
    created: cfg.created ?? '',
    layers: stored,
    history: (cfg.history ?? []).map((h) => ({
      created: h.created ?? '',
      createdBy: h.created_by ?? '',
      ...(h.comment ? { comment: h.comment } : {}),
      emptyLayer: h.empty_layer === true,
    })),
    config: JSON.parse(new TextDecoder().decode(await image.rawConfigFile())) as Record<string, unknown>,
    platforms: [image, ...extraPlatforms].map(platformOf),
    manifestDigest: manifestDigest ?? (await image.digest()),
  };
}
