import type { Command } from '../dockerfile/instructions/commands.ts';
import type { Stage } from '../dockerfile/instructions/stages.ts';

/** Why one stage needs another (or an image). */
export type EdgeKind = 'base' | 'copy' | 'mount' | 'onbuild';

/** A dependency: stage `to` needs `from` (a stage index, or an image reference string). */
export interface GraphEdge {
  /** Stage index, or the image reference as resolved (expanded for FROM, as written for `--from`). */
  readonly from: number | string;
  /** Index of the dependent stage. */
  readonly to: number;
  readonly kind: EdgeKind;
  /** The instruction that created the edge (FROM, COPY, RUN, or the ONBUILD in the base stage). */
  readonly via: Command;
}

/** A stage's base after FROM expansion. */
export type StageBase =
  | { readonly kind: 'stage'; readonly index: number }
  | { readonly kind: 'scratch' }
  | { readonly kind: 'image'; readonly ref: string };

/** The stage dependency graph (BuildKit `buildStageDependencyGraph`). */
export interface BuildGraph {
  /** All stages in file order (index = position). */
  readonly stages: readonly Stage[];
  /** Base of each stage, by index. */
  readonly bases: readonly StageBase[];
  /** Every edge: bases, `COPY --from`, `RUN --mount from=`, ONBUILD-introduced. */
  readonly edges: readonly GraphEdge[];
}
