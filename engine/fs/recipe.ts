/**
 * Lazy contents that any thread can rebuild from a small description: a generated file
 * (a mocked `go build` binary, a GOCACHE entry) is kept as its recipe, `{ kind, args }`
 * with JSON-safe args, and only made into bytes when something reads it (an export, a
 * `cat`). Crossing to a worker (`transfer.ts`), it travels as the recipe, not the bytes.
 * The module that makes a kind registers its maker on import; every thread that runs the
 * engine imports the same modules, so both sides know the same kinds.
 */
import { RecentBytes } from '../util/recent.ts';
import type { LazyBytes } from './types.ts';

/** How to make a content again. */
export interface Recipe {
  readonly kind: string;
  /** Plain JSON data: the maker's only input. */
  readonly args: unknown;
}

/** Lazy content made from a recipe. */
export interface RecipeBytes extends LazyBytes {
  readonly recipe: Recipe;
}

/** Makes the bytes of a recipe's kind; deterministic in `args`. */
export type RecipeMaker = (args: unknown) => Uint8Array;

/**
 * Makes a recipe's bytes a slice at a time (a large generated file is then read while the
 * rest of it is made): `fill(args, out, from)` writes bytes `from..from + out.length` into
 * `out`. Slices start at 0, then at `align(args)` plus multiples of `unit`.
 */
export interface RecipeSlicer {
  align(args: unknown): number;
  readonly unit: number;
  fill(args: unknown, out: Uint8Array, from: number): void;
}

const makers = new Map<string, RecipeMaker>();
const slicers = new Map<string, RecipeSlicer>();

/** Registers the maker of `kind` (once per thread; the same maker again is a no-op), and how to make it in slices. */
export function registerRecipe(kind: string, make: RecipeMaker, slicer?: RecipeSlicer): void {
  const had = makers.get(kind);
  if (had !== undefined && had !== make) throw new Error(`recipe kind ${kind} is registered twice`);
  makers.set(kind, make);
  if (slicer) slicers.set(kind, slicer);
}

/** About how many bytes each slice of a sliced recipe holds. */
export const RECIPE_SLICE_BYTES = 1 << 20;

/** Bytes of recently made contents kept (a rebuild that writes the same binaries again reuses them). */
export const RECENT_RECIPE_BYTES = 64 * 1024 * 1024;
/** Kept by recipe (`kind` and args): makers are deterministic, so equal recipes share their bytes. */
const recent = new RecentBytes<string>(RECENT_RECIPE_BYTES, 1 / 4);

/**
 * Lazy content of `size` bytes that `kind`'s maker makes from `args`. The most recently made
 * contents are kept by recipe (`RECENT_RECIPE_BYTES` in all), so reading the same file again,
 * or one made from an equal recipe, does not make it again; like a file's eager bytes, what
 * `load()` returns is not to be written to.
 */
export function recipeBytes(kind: string, args: unknown, size: number): RecipeBytes {
  const recipe: Recipe = { kind, args };
  let key: string | undefined;
  const content: RecipeBytes = {
    size,
    recipe,
    load(): Uint8Array {
      key ??= `${kind}\u0000${size}\u0000${JSON.stringify(args)}`;
      const kept = recent.get(key);
      if (kept) return kept;
      const make = makers.get(kind);
      if (make === undefined) throw new Error(`recipe kind ${kind} is not registered on this thread`);
      const bytes = make(args);
      if (bytes.length !== size) throw new Error(`recipe ${kind} made ${bytes.length} bytes, declared ${size}`);
      recent.set(key, bytes);
      return bytes;
    },
    *slices(): Generator<Uint8Array> {
      key ??= `${kind}\u0000${size}\u0000${JSON.stringify(args)}`;
      const kept = recent.get(key);
      const slicer = slicers.get(kind);
      if (kept || !slicer || size <= 2 * RECIPE_SLICE_BYTES) {
        yield kept ?? content.load();
        return;
      }
      const out = new Uint8Array(size);
      const step = Math.max(slicer.unit, RECIPE_SLICE_BYTES - (RECIPE_SLICE_BYTES % slicer.unit));
      let from = 0;
      for (let to = Math.min(size, slicer.align(args) + step); from < size; to = Math.min(size, to + step)) {
        const slice = out.subarray(from, to);
        slicer.fill(args, slice, from);
        from = to;
        yield slice;
      }
      // read to its end: kept as `load()` would have kept it
      recent.set(key, out);
    },
  };
  return content;
}

/** Forgets the kept bytes (benchmarks use it to time making them). */
export function clearRecipeCache(): void {
  recent.clear();
}

/** The recipe of a lazy content, when it has one. */
export function recipeOf(content: LazyBytes): Recipe | undefined {
  const r = (content as Partial<RecipeBytes>).recipe;
  return r !== undefined && makers.has(r.kind) ? r : undefined;
}
