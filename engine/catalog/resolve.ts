import { parseReference, type ImageReference } from '../reference/index.ts';
import { DEFAULT_PATH } from './alpine.ts';
import { CatalogError, CATALOG_CODES } from './errors.ts';
import { estimateGzipSize, estimateTarSize } from './estimate.ts';
import { LAYER_TABLE } from './layer-table.ts';
import { normalizePlatform, platformObject } from './platform.ts';
import { catalogRepos, type RepoDef, type TagDef } from './repos.ts';
import { sha256Hex } from './sha256.ts';
import type { CatalogImage, CatalogLayer, CatalogRepo, PlatformString } from './types.ts';

/** `scratch`'s stand-in config: BuildKit's `emptyImage` (PATH only, no layers). */
const SCRATCH_CREATED = '1970-01-01T00:00:00Z';

const resolved = new Map<string, Omit<CatalogImage, 'ref'>>();
/** Layers shared between images (alpine under golang:alpine, Debian under every golang) are built once. */
const layerCache = new Map<string, CatalogLayer>();

/** Every repository and tag of the catalog. */
export function listCatalog(): CatalogRepo[] {
  const repos: CatalogRepo[] = [...catalogRepos().values()].map((r) => ({
    name: r.name, familiar: r.familiar, tags: [...r.tags.keys()].sort(compareTags), platforms: r.platforms,
  }));
  repos.push({ name: 'scratch', familiar: 'scratch', tags: [], platforms: [] });
  return repos.sort((a, b) => (a.familiar < b.familiar ? -1 : 1));
}

/** The digests and identity of a tag for `platform` (exposed for `@sha256:` matching). */
function indexDigest(def: TagDef): string {
  return `sha256:${sha256Hex(JSON.stringify({ index: def.identity, platforms: def.platforms }))}`;
}

/**
 * Resolves `ref` (as written in `FROM`, e.g. `golang:1.20-alpine`, `alpine@sha256:…`,
 * `scratch`) for `platform` (`linux/amd64`, `linux/arm/v7`…) from the offline catalog.
 * Nothing is generated: layer contents stay lazy. Throws `CatalogError` (codes in
 * `CATALOG_CODES`) when the catalog lacks the repository, tag, digest or platform.
 */
export function resolveImage(ref: string, platform: string): CatalogImage {
  const plat = normalizePlatform(platform);
  if (!plat) throw new CatalogError(CATALOG_CODES.invalid, `failed to parse platform ${platform}`, [], { platform });
  if (ref === 'scratch') return scratchImage(plat);
  let parsed: ImageReference;
  try {
    parsed = parseReference(ref);
  } catch (e) {
    throw new CatalogError(CATALOG_CODES.invalid, (e as Error).message, [], { ref });
  }
  const repo = catalogRepos().get(parsed.name);
  if (!repo) {
    const names = listCatalog().map((r) => r.familiar).join(', ');
    throw new CatalogError(CATALOG_CODES.notFound,
      `${parsed.full}: not found (stageplay runs offline; its image catalog has: ${names})`, [],
      { ref: parsed.full, repositories: listCatalog().map((r) => r.familiar) });
  }
  const def = parsed.digest !== undefined ? byDigest(repo, parsed, plat) : byTag(repo, parsed.tag ?? 'latest', parsed.full);
  if (!def.platforms.includes(plat)) {
    throw new CatalogError(CATALOG_CODES.noPlatform,
      `${parsed.full}: no match for platform in manifest: not found (${parsed.familiar} has ${def.platforms.join(', ')}; asked for ${plat})`, [],
      { ref: parsed.full, platform: plat, platforms: [...def.platforms] });
  }
  return { ref: parsed.full, ...resolveDef(def, plat) };
}

function byTag(repo: RepoDef, tag: string, full: string): TagDef {
  const def = repo.tags.get(tag);
  if (def) return def;
  const tags = [...repo.tags.keys()].sort(compareTags);
  throw new CatalogError(CATALOG_CODES.unknownTag,
    `${full}: not found (the offline catalog has ${repo.familiar} tags: ${tags.join(', ')})`, [],
    { ref: full, tags });
}

function byDigest(repo: RepoDef, parsed: ImageReference, plat: PlatformString): TagDef {
  const digest = parsed.digest!;
  const candidates = parsed.tag !== undefined && repo.tags.has(parsed.tag) ? [repo.tags.get(parsed.tag)!] : [...repo.tags.values()];
  for (const def of candidates) {
    if (indexDigest(def) === digest) return def;
    if (def.platforms.includes(plat) && resolveDef(def, plat).manifestDigest === digest) return def;
  }
  const hint = parsed.tag !== undefined && repo.tags.has(parsed.tag)
    ? `${repo.familiar}:${parsed.tag} is ${indexDigest(repo.tags.get(parsed.tag)!)} in the offline catalog`
    : `no ${repo.familiar} image in the offline catalog has that digest`;
  throw new CatalogError(CATALOG_CODES.digestMismatch, `${parsed.name}@${digest}: not found (${hint})`, [],
    { ref: parsed.full, digest });
}

function resolveDef(def: TagDef, plat: PlatformString): Omit<CatalogImage, 'ref'> {
  const key = `${def.identity}|${plat}`;
  const hit = resolved.get(key);
  if (hit) return hit;
  const spec = def.spec(plat);
  const layers = spec.layers.map((l) => {
    let layer = layerCache.get(l.key);
    if (!layer) {
      const entries = l.build();
      const t = LAYER_TABLE[l.key];
      layer = t
        ? { entries, diffId: t.diffId, size: t.size, compressedSize: t.compressedSize, digest: t.digest }
        : { entries, size: estimateTarSize(entries), compressedSize: estimateGzipSize(entries) };
      layerCache.set(l.key, layer);
    }
    return layer;
  });
  const manifestDigest = `sha256:${sha256Hex(JSON.stringify({
    manifest: def.identity, platform: plat, layers: spec.layers.map((l) => LAYER_TABLE[l.key]?.digest ?? l.key),
  }))}`;
  const diffIds = layers.map((l) => l.diffId);
  const config = diffIds.every((d) => d !== undefined)
    ? { ...spec.config, rootfs: { type: 'layers' as const, diff_ids: diffIds as string[] } }
    : spec.config;
  const out = { digest: indexDigest(def), manifestDigest, platform: plat, config, layers };
  resolved.set(key, out);
  return out;
}

function scratchImage(plat: PlatformString): CatalogImage {
  const digest = `sha256:${sha256Hex(JSON.stringify({ index: 'scratch', platform: plat }))}`;
  return {
    ref: 'scratch', digest, manifestDigest: digest, platform: plat, layers: [],
    config: {
      ...platformObject(plat), created: SCRATCH_CREATED, config: { Env: [DEFAULT_PATH], WorkingDir: '/' }, history: [],
      rootfs: { type: 'layers', diff_ids: [] },
    },
  };
}

/** Tags in a readable order: version numbers numerically, words last. */
function compareTags(a: string, b: string): number {
  const key = (t: string) => t.split(/[.-]/).map((p) => (/^\d+$/.test(p) ? p.padStart(6, '0') : `~${p}`)).join('.');
  const ka = key(a), kb = key(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
