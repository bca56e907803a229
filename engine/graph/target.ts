import { GraphError } from '../source/errors.ts';
import type { Stage } from '../dockerfile/instructions/stages.ts';
import { withSuggestion } from '../dockerfile/instructions/suggest.ts';
import { findStageByName } from './refs.ts';
import type { BuildGraph } from './types.ts';

/**
 * The target stage (`resolveTarget`): the last stage when none is given, else a
 * case-insensitive name lookup; names only (no index).
 */
export function resolveTarget(stages: readonly Stage[], target: string | undefined): Stage {
  if (target === undefined || target === '') return stages[stages.length - 1]!;
  const found = findStageByName(stages, target);
  if (found) return found;
  const names = stages.flatMap((s) => (s.name ? [s.name] : []));
  throw new GraphError(
    'target-not-found',
    withSuggestion(`target stage ${JSON.stringify(target)} could not be found`, target, names, true),
    [],
    { target },
  );
}

/** Stages the target needs (itself included): transitive closure over stage edges, in file order. */
export function reachableStages(graph: BuildGraph, target: number): number[] {
  const seen = new Set<number>([target]);
  const todo = [target];
  while (todo.length > 0) {
    const s = todo.pop()!;
    for (const e of graph.edges) {
      if (e.to === s && typeof e.from === 'number' && !seen.has(e.from)) {
        seen.add(e.from);
        todo.push(e.from);
      }
    }
  }
  return [...seen].sort((a, b) => a - b);
}

/**
 * A topological order of `subset` (dependencies first), ties broken by file order.
 * Cycles are rejected before this is called.
 */
export function topologicalOrder(graph: BuildGraph, subset: readonly number[]): number[] {
  const inSet = new Set(subset);
  const pending = new Map<number, Set<number>>();
  for (const s of subset) pending.set(s, new Set());
  for (const e of graph.edges) {
    if (typeof e.from === 'number' && inSet.has(e.from) && inSet.has(e.to) && e.from !== e.to) pending.get(e.to)!.add(e.from);
  }
  const order: number[] = [];
  const done = new Set<number>();
  while (order.length < subset.length) {
    const next = [...subset].sort((a, b) => a - b).find((s) => !done.has(s) && [...pending.get(s)!].every((d) => done.has(d)));
    if (next === undefined) break;
    order.push(next);
    done.add(next);
  }
  return order;
}
