import type { BuildGraph } from './types.ts';

/** What the scheduler knows at one moment of a build. */
export interface ScheduleState {
  readonly graph: BuildGraph;
  /** The stages this build runs (the target's closure). */
  readonly stages: readonly number[];
  readonly done: ReadonlySet<number>;
  readonly running: ReadonlySet<number>;
  /** Idle workers right now. */
  readonly freeWorkers: number;
  /**
   * Estimated cost of each stage (e.g. its modeled duration, or its number of steps);
   * missing entries count 1. Only the ordering of the estimates matters.
   */
  readonly cost?: ReadonlyMap<number, number>;
}

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
 * Each stage's critical-path length: its own cost plus the longest chain of stages that
 * wait for it (the "bottom level" of list scheduling). Starting the longest chains first
 * minimises the build's total time.
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

/**
 * Which stages to start now: those whose dependencies are all done, not yet running or
 * done, longest critical path first (ties: file order), at most `freeWorkers` of them.
 * Pure: the coordinator carries out the plan.
 */
export function schedule(state: ScheduleState): number[] {
  if (state.freeWorkers <= 0) return [];
  const deps = dependencies(state.graph, state.stages);
  const level = criticalPath(state.graph, state.stages, state.cost);
  const ready = state.stages.filter((s) => !state.done.has(s) && !state.running.has(s) && [...deps.get(s)!].every((d) => state.done.has(d)));
  ready.sort((a, b) => level.get(b)! - level.get(a)! || a - b);
  return ready.slice(0, state.freeWorkers);
}
