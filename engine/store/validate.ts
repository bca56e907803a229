/**
 * Schema checks for what the store reads back from disk (or IndexedDB): a stored image
 * list and the layer cache's and cache mounts' dumps. Each returns undefined when the
 * value has the shape the code relies on, else a short reason (`images[2].layers[0]: not
 * an object`), so a damaged file is set aside with one warning instead of failing later
 * with a JavaScript error.
 */
import { parseReference } from '../reference/index.ts';

type Check = (x: unknown, at: string) => string | undefined;

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const str: Check = (x, at) => (typeof x === 'string' ? undefined : `${at}: not a string`);
const num: Check = (x, at) => (typeof x === 'number' && Number.isFinite(x) && x >= 0 ? undefined : `${at}: not a number`);
const bool: Check = (x, at) => (typeof x === 'boolean' ? undefined : `${at}: not a boolean`);
const digest: Check = (x, at) => (typeof x === 'string' && /^sha256:[a-f0-9]{64}$/.test(x) ? undefined : `${at}: not a sha256 digest`);
const object: Check = (x, at) => (isObject(x) ? undefined : `${at}: not an object`);
const reference: Check = (x, at) => {
  if (typeof x !== 'string') return `${at}: not a string`;
  try {
    parseReference(x);
    return undefined;
  } catch {
    return `${at}: not an image reference`;
  }
};

function arrayOf(item: Check): Check {
  return (x, at) => {
    if (!Array.isArray(x)) return `${at}: not a list`;
    for (let i = 0; i < x.length; i++) {
      const bad = item(x[i], `${at}[${i}]`);
      if (bad) return bad;
    }
    return undefined;
  };
}

/** An object with these fields (`?` suffix: optional). */
function shape(fields: Record<string, Check>): Check {
  return (x, at) => {
    if (!isObject(x)) return `${at}: not an object`;
    for (const [key, check] of Object.entries(fields)) {
      const optional = key.endsWith('?');
      const name = optional ? key.slice(0, -1) : key;
      if (x[name] === undefined && optional) continue;
      const bad = check(x[name], at === '' ? name : `${at}.${name}`);
      if (bad) return bad;
    }
    return undefined;
  };
}

const layer = shape({ digest, size: num, diffId: digest, uncompressedSize: num });
const storedImage = shape({
  id: digest,
  repoTags: arrayOf(reference),
  created: str,
  layers: arrayOf(layer),
  history: arrayOf(shape({ created: str, createdBy: str, 'comment?': str, emptyLayer: bool })),
  config: object,
  platforms: arrayOf(str),
  'manifestDigest?': digest,
  'lastTagTime?': str,
  'index?': shape({
    digest,
    size: num,
    variants: arrayOf(shape({ platform: str, manifestDigest: digest, manifestSize: num, id: digest, layers: arrayOf(layer) })),
  }),
});

/** Why `doc` is not `{ version, images: StoredImage[] }` as the CLI keeps `images.json`, or undefined. */
export function checkImageList(doc: unknown, version: number): string | undefined {
  if (!isObject(doc)) return 'not a JSON object';
  if (doc.version !== version) return `unknown format version ${JSON.stringify(doc.version)}`;
  return arrayOf(storedImage)(doc.images, 'images');
}

const ENTRY_TYPES = new Set(['file', 'dir', 'symlink', 'hardlink']);

/** A dumped layer-cache or cache-mount entry whose blob index is below `blobs`. */
function dumpedEntry(blobs: number): Check {
  const base = shape({ path: str, mode: num, uid: num, gid: num, mtime: num, 'target?': str, 'recipe?': shape({ kind: str, size: num }) });
  return (x, at) => {
    const bad = base(x, at);
    if (bad) return bad;
    const e = x as Record<string, unknown>;
    if (typeof e.type !== 'string' || !ENTRY_TYPES.has(e.type)) return `${at}.type: not a file type`;
    if (!(e.path as string).startsWith('/')) return `${at}.path: not absolute`;
    if (e.blob !== undefined && !(Number.isInteger(e.blob) && (e.blob as number) >= 0 && (e.blob as number) < blobs)) return `${at}.blob: no such blob`;
    return undefined;
  };
}

/** Why `data` is not a layer-cache dump over `blobs` blobs (`{ records }`), or undefined. */
export function checkCacheDump(data: unknown, blobs: number): string | undefined {
  return shape({ records: arrayOf(shape({ key: str, modeledMs: num, entries: arrayOf(dumpedEntry(blobs)) })) })(data, '');
}

/** Why `data` is not a cache-mounts dump over `blobs` blobs (`{ mounts }`), or undefined. */
export function checkCacheMountDump(data: unknown, blobs: number): string | undefined {
  return shape({ mounts: arrayOf(shape({ id: str, entries: arrayOf(dumpedEntry(blobs)) })) })(data, '');
}
