/**
 * Deep links to a lesson step: `#/lesson/<lesson-id>/<step-id>` (or `#/lesson/<lesson-id>`
 * for its first step). Links carry the engine's step link, `<lesson-id>/<step-id>`.
 */

const PREFIX = '#/lesson/';

/** The step link in a location hash, or undefined when the hash is not a lesson link. */
export function linkFromHash(hash: string): string | undefined {
  if (!hash.startsWith(PREFIX)) return undefined;
  const parts = hash.slice(PREFIX.length).split('/').filter(Boolean);
  if (parts.length === 0 || parts.length > 2) return undefined;
  try {
    return parts.map(decodeURIComponent).join('/');
  } catch {
    return undefined;
  }
}

/** The location hash that opens step `link` (`03-multi-stage/targets`). */
export function hashForLink(link: string): string {
  return PREFIX + link.split('/').map(encodeURIComponent).join('/');
}
