/**
 * Where the size difference between two images comes from: the layers they share (the
 * same diffs from the bottom up, e.g. a common base image) and the layers only one of them
 * has, largest first, and the difference attributed to what each layer holds (the base
 * image's toolchain, the module cache, the source, the binaries) as its instruction says.
 * Sizes are compressed bytes, as `docker images` adds them up, with the uncompressed beside. Pure.
 */
import { humanSize } from '#engine/report';
import type { ImageLayer } from '../sandbox/panel-data.ts';

/** One side of a comparison. */
export interface ImageSide {
  readonly ref: string;
  /** Oldest first, empty layers included (they are skipped). */
  readonly layers: readonly ImageLayer[];
}

/** The comparison of `a` with `b`. */
export interface ImageComparison {
  /** Layers both images start with, oldest first. */
  readonly shared: readonly ImageLayer[];
  readonly sharedSize: number;
  /** Layers only `a` has, largest first. */
  readonly onlyA: readonly ImageLayer[];
  readonly onlyASize: number;
  readonly onlyB: readonly ImageLayer[];
  readonly onlyBSize: number;
  readonly sizeA: number;
  readonly sizeB: number;
  /** One sentence that says where the difference went. */
  readonly summary: string;
  /** The difference by what the layers hold, largest difference first (kinds neither image has are left out). */
  readonly byKind: readonly KindShare[];
  /** The share of the size difference (compressed) that `byKind` names (every kind but `other`), 0..1; 1 when the sizes are equal. */
  readonly attributed: number;
}

/** What a layer holds, read from the instruction that made it. */
export type LayerKind = 'base' | 'modules' | 'source' | 'binaries' | 'other';

/** Words for each kind. */
export const KIND_LABEL: Readonly<Record<LayerKind, string>> = {
  base: 'base image (OS, toolchain)',
  modules: 'Go module cache (go mod download)',
  source: 'source (COPY from the context)',
  binaries: "binaries (go build, with Go's build cache; or copied from a stage)",
  other: 'other steps',
};

/** One kind's bytes in each image (only the layers they do not share). */
export interface KindShare {
  readonly kind: LayerKind;
  /** Compressed bytes in `a` and `b`. */
  readonly a: number;
  readonly b: number;
  /** Uncompressed bytes in `a` and `b`. */
  readonly aUnpacked: number;
  readonly bUnpacked: number;
  /** `a - b`, compressed. */
  readonly diff: number;
}

/**
 * What a history entry's layer holds. The Dockerfile's own entries read `RUN /bin/sh -c ...
 * # buildkit`, `COPY ... # buildkit`; the base image's are its own build's (`/bin/sh -c apk
 * add ...`, `ADD alpine-minirootfs-....tar.gz /`).
 */
export function layerKind(createdBy: string): LayerKind {
  const own = /# buildkit$/.test(createdBy) && !/^ADD \S+\.tar(\.gz)? \/ # buildkit$/.test(createdBy);
  if (!own) return /^(WORKDIR|ENV|LABEL|USER) /.test(createdBy) ? 'other' : 'base';
  const text = instruction(createdBy);
  if (/\bgo mod download\b/.test(text)) return 'modules';
  if (/\bgo build\b/.test(text)) return 'binaries';
  if (/^COPY\b/.test(text)) return /^COPY (--\S+ )*(\/\S+ )+\S+$/.test(text) && !/^COPY (--\S+ )*\/src\b/.test(text) ? 'binaries' : 'source';
  return 'other';
}

/** One image's bytes by what its layers hold, largest first (`b` sides are 0). */
export function bytesByKind(layers: readonly ImageLayer[]): KindShare[] {
  return shares(layers.filter((l) => !l.empty), []);
}

function shares(onlyA: readonly ImageLayer[], onlyB: readonly ImageLayer[]): KindShare[] {
  const acc = new Map<LayerKind, { a: number; b: number; aUnpacked: number; bUnpacked: number }>();
  const add = (l: ImageLayer, side: 'a' | 'b') => {
    const k = layerKind(l.createdBy);
    const s = acc.get(k) ?? { a: 0, b: 0, aUnpacked: 0, bUnpacked: 0 };
    s[side] += l.size;
    s[side === 'a' ? 'aUnpacked' : 'bUnpacked'] += l.unpackedSize;
    acc.set(k, s);
  };
  for (const l of onlyA) add(l, 'a');
  for (const l of onlyB) add(l, 'b');
  return [...acc].map(([kind, s]) => ({ kind, ...s, diff: s.a - s.b })).sort((x, y) => Math.abs(y.diff) - Math.abs(x.diff));
}

const sum = (ls: readonly ImageLayer[]) => ls.reduce((n, l) => n + l.size, 0);
const bySize = (ls: readonly ImageLayer[]) => [...ls].sort((x, y) => y.size - x.size || x.index - y.index);

/** Compare two images layer by layer (shared = the common prefix of non-empty layers by diff ID). */
export function compareImages(a: ImageSide, b: ImageSide): ImageComparison {
  const la = a.layers.filter((l) => !l.empty);
  const lb = b.layers.filter((l) => !l.empty);
  let i = 0;
  while (i < la.length && i < lb.length && la[i]!.diffId !== undefined && la[i]!.diffId === lb[i]!.diffId) i++;
  const shared = la.slice(0, i);
  const onlyA = bySize(la.slice(i));
  const onlyB = bySize(lb.slice(i));
  const sizeA = sum(la);
  const sizeB = sum(lb);
  const c = { shared, sharedSize: sum(shared), onlyA, onlyASize: sum(onlyA), onlyB, onlyBSize: sum(onlyB), sizeA, sizeB };
  const byKind = shares(onlyA, onlyB);
  const total = sizeA - sizeB;
  const named = byKind.filter((k) => k.kind !== 'other').reduce((n, k) => n + k.diff, 0);
  const attributed = total === 0 ? 1 : Math.max(0, Math.min(1, named / total));
  return { ...c, summary: summarize(a.ref, b.ref, c), byKind, attributed };
}

function layers(n: number): string {
  return `${n} layer${n === 1 ? '' : 's'}`;
}

function own(ref: string, ls: readonly ImageLayer[], size: number): string {
  if (ls.length === 0) return `${ref} adds no layers of its own`;
  const top = ls[0]!;
  const what = clip(instruction(top.createdBy), 60);
  const biggest = ls.length > 1 ? `, the largest ${what} (${humanSize(top.size)})` : ` (${what})`;
  return `${ref}'s own ${layers(ls.length)} ${ls.length === 1 ? 'holds' : 'hold'} ${humanSize(size)}${biggest}`;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function summarize(refA: string, refB: string, c: Omit<ImageComparison, 'summary' | 'byKind' | 'attributed'>): string {
  const diff = c.sizeA - c.sizeB;
  const head =
    diff === 0 ? `${refA} and ${refB} are the same size (${humanSize(c.sizeA)})`
    : `${refA} (${humanSize(c.sizeA)}) is ${humanSize(Math.abs(diff))} ${diff > 0 ? 'larger' : 'smaller'} than ${refB} (${humanSize(c.sizeB)})`;
  const shared = c.shared.length === 0 ? 'they share no layers' : `they share ${layers(c.shared.length)} (${humanSize(c.sharedSize)})`;
  return `${head}: ${shared}; ${own(refA, c.onlyA, c.onlyASize)}; ${own(refB, c.onlyB, c.onlyBSize)}.`;
}

/** A history entry as a short instruction: `RUN /bin/sh -c go build ... # buildkit` → `RUN go build ...`. */
export function instruction(createdBy: string): string {
  return createdBy
    .replace(/\s*# buildkit$/, '')
    .replace(/^\/bin\/sh -c #\(nop\)\s*/, '')
    .replace(/^(RUN )?\/bin\/sh -c /, 'RUN ')
    .replace(/\s+/g, ' ')
    .trim();
}
