import type { BuildGraph } from './types.ts';

/** Stage → the stages it needs, within `stages`. */
function dependencies(graph: BuildGraph, stages: readonly number[]): Map<number, Set<number>> {
  const inSet = new Set(stages);
  const deps = new Map<number, Set<number>>(stages.map((s) => [s, new Set<number>()]));
  for (const e of graph.edges) {
    if (typeof e.from === 'number' && e.from !== e.to && inSet.has(e.from) && inSet.has(e.to)) deps.get(e.to)!.add(e.from);
  }
  return deps;
}

/**
 * Each stage's critical-path length: its own cost (`cost`, e.g. its modeled duration;
 * missing entries count 1) plus the longest chain of stages that wait for it (the "bottom
 * level" of list scheduling). The build view marks the longest chain; stages themselves
 * start as soon as their dependencies are done, as BuildKit's solver starts vertexes.
 */
export function criticalPath(graph: BuildGraph, stages: readonly number[], cost?: ReadonlyMap<number, number>): Map<number, number> {
  const deps = dependencies(graph, stages);
  const dependents = new Map<number, number[]>(stages.map((s) => [s, []]));
  for (const [s, ds] of deps) for (const d of ds) dependents.get(d)!.push(s);
  const level = new Map<number, number>();
  const visit = (s: number): number => {
    const known = level.get(s);
    if (known !== undefined) return known;
    level.set(s, 0); // cycles are rejected before scheduling; this guards the recursion anyway
    const below = Math.max(0, ...dependents.get(s)!.map(visit));
    const v = (cost?.get(s) ?? 1) + below;
    level.set(s, v);
    return v;
  };
  for (const s of stages) visit(s);
  return level;
}
