/**
 * Where the size difference between two images comes from: the layers they share (the
 * same diffs from the bottom up, e.g. a common base image) and the layers only one of them
 * has, largest first. Sizes are compressed bytes, as `docker images` adds them up. Pure.
 */
import { humanSize } from '../../../../engine/report/units.ts';
import type { ImageLayer } from '../sandbox/contract.ts';

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
  return { ...c, summary: summarize(a.ref, b.ref, c) };
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

function summarize(refA: string, refB: string, c: Omit<ImageComparison, 'summary'>): string {
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
