/**
 * COPY/ADD source selection (fsutil `copy` + BuildKit's contenthash): sources are
 * resolved against the source root with `..` clamped, wildcards match per path segment
 * (Go `filepath.Match`, `**` any depth with `--parents`), and a missing literal path fails
 * the way BuildKit's cache-key computation does.
 */
import { cleanPath } from '../fs/index.ts';
import type { TreeView } from '../fs/view.ts';

/** A path a source selected, and where kept structure starts (`--parents`). */
export interface SourceMatch {
  /** Absolute path in the source tree. */
  readonly path: string;
  /** Prefix stripped under `--parents` (`/` unless the source had `/./`). */
  readonly pivot: string;
}

const WILDCARD = /[*?[]/;

/** Whether a source uses wildcards. */
export function hasWildcard(src: string): boolean {
  return WILDCARD.test(src.replace(/\\./g, ''));
}

/** Go `filepath.Match` for one segment, as a RegExp (`\` escapes, `[^...]` negates). */
export function segmentPattern(seg: string): RegExp {
  let re = '';
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i]!;
    if (c === '\\' && i + 1 < seg.length) re += escapeRe(seg[++i]!);
    else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = seg.indexOf(']', i + 2);
      if (end < 0) {
        re += '\\[';
        continue;
      }
      let body = seg.slice(i + 1, end);
      if (body.startsWith('^') || body.startsWith('!')) body = '^' + body.slice(1);
      re += `[${body.replace(/\\(.)/g, '\\$1')}]`;
      i = end;
    } else re += escapeRe(c);
  }
  return new RegExp(`^${re}$`, 'u');
}

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** The error BuildKit reports for a missing source. */
export class SourceNotFound extends Error {
  constructor(readonly path: string, readonly ref: string) {
    super(`failed to compute cache key: failed to calculate checksum of ref ${ref}: "${path}": not found`);
    this.name = 'SourceNotFound';
  }
}

/** Splits a `--parents` source at `/./` (the pivot); without one, the pivot is `/`. */
function splitPivot(src: string, parents: boolean): { pivot: string; rest: string } {
  if (!parents) return { pivot: '/', rest: src };
  const at = src.indexOf('/./');
  if (at < 0) return { pivot: '/', rest: src };
  return { pivot: cleanPath('/' + src.slice(0, at)), rest: src.slice(0, at) + '/' + src.slice(at + 3) };
}

/**
 * The paths `src` selects in `view`. `ref` names the source in the not-found error.
 * A wildcard matching nothing selects nothing; a missing literal path throws `SourceNotFound`.
 */
export function matchSource(view: TreeView, src: string, ref: string, parents = false): SourceMatch[] {
  const { pivot, rest } = splitPivot(src, parents);
  const clean = cleanPath('/' + rest);
  if (!hasWildcard(clean)) {
    if (view.get(clean, true) === undefined) throw new SourceNotFound(clean, ref);
    return [{ path: clean, pivot }];
  }
  const segs = clean.split('/').filter((s) => s !== '');
  const out: string[] = [];
  const visit = (dir: string, i: number): void => {
    if (i === segs.length) {
      out.push(dir);
      return;
    }
    const seg = segs[i]!;
    const node = view.get(dir, true);
    if (node?.kind !== 'dir') return;
    const join = (n: string) => (dir === '/' ? `/${n}` : `${dir}/${n}`);
    if (seg === '**' && parents) {
      visit(dir, i + 1);
      for (const n of view.readdir(dir)) if (view.get(join(n), true)?.kind === 'dir') visit(join(n), i);
      return;
    }
    if (!hasWildcard(seg)) {
      const p = join(seg.replace(/\\(.)/g, '$1'));
      if (view.get(p, true) !== undefined) visit(p, i + 1);
      else if (i < segs.length - 1 && !segs.slice(0, i + 1).some(hasWildcard)) throw new SourceNotFound(p, ref);
      return;
    }
    const re = segmentPattern(seg);
    for (const n of view.readdir(dir)) if (re.test(n)) visit(join(n), i + 1);
  };
  visit('/', 0);
  return [...new Set(out)].map((path) => ({ path, pivot }));
}

/** A deterministic BuildKit-shaped ref id (`<uuid>::<id>`) for `seed`. */
export function refId(seedHex: string): string {
  const h = seedHex.padEnd(64, '0');
  const uuid = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
  let id = '';
  for (let i = 32; i < 57; i++) id += '0123456789abcdefghijklmnopqrstuvwxyz'[parseInt(h[i]!, 16) * 2 + (i % 2)];
  return `${uuid}::${id}`;
}
