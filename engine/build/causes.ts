/**
 * Names the step up the chain for a `parent-ran` cause: within a stage (and from the
 * stage it starts FROM), the step that ran for a cause of its own while every step after
 * it ran because of it. The engine's step reports `parent-ran` with `vertex: -1` when its
 * parent's key changed; only the build knows the vertexes.
 */
import type { CacheCause } from '../progress/events.ts';
import type { Vertex } from './progress.ts';

/** A step that ran for a cause of its own. */
export interface ChainOrigin {
  readonly id: number;
  readonly name: string;
}

/** The reason given when the parent changed but did not run in this build. */
export const PARENT_OLDER = "its parent step's result is not the one its last record was built on (the parent came from an older record)";

/** One stage's chain of causes, starting from its base stage's (`from`, when that stage's last step ran). */
export function causeChain(from: ChainOrigin | undefined): {
  resolve(v: Vertex, r: { readonly cached: boolean; readonly cause?: CacheCause }): CacheCause | undefined;
  origin(): ChainOrigin | undefined;
} {
  let origin = from;
  return {
    resolve(v, r) {
      if (r.cached) {
        origin = undefined;
        return r.cause;
      }
      if (r.cause?.kind === 'parent-ran') {
        if (origin) return { kind: 'parent-ran', vertex: origin.id, name: origin.name };
        origin = { id: v.id, name: v.name };
        return { kind: 'unknown', reason: PARENT_OLDER };
      }
      origin = { id: v.id, name: v.name };
      return r.cause;
    },
    origin: () => origin,
  };
}
