/**
 * The critical path of a build: the chain of stages whose modeled durations add up to the
 * longest wait, found with the scheduler's own `criticalPath` levels (a stage's cost plus
 * the longest chain that waits for it). Starting at the highest level and following the
 * dependent with the highest level walks that chain.
 */
import type { BuildEvent } from '#engine/progress';
import { criticalPath } from '#engine/graph';
import type { GraphLayout } from './stage-graph.ts';

/** Modeled ms each stage label spent: from its first step's start to its last step's end. */
export function stageDurations(events: readonly BuildEvent[]): Map<string, number> {
  const span = new Map<string, { start: number; end: number }>();
  const stageOf = new Map<number, string>();
  for (const e of events) {
    if (e.kind === 'vertex-start' && e.stage !== undefined) {
      stageOf.set(e.vertex, e.stage);
      const s = span.get(e.stage);
      if (!s) span.set(e.stage, { start: e.t, end: e.t });
      else s.start = Math.min(s.start, e.t);
    } else if (e.kind !== 'warning' && e.kind !== 'vertex-start') {
      const label = stageOf.get(e.vertex);
      const s = label === undefined ? undefined : span.get(label);
      if (s) s.end = Math.max(s.end, e.t);
    }
  }
  return new Map([...span].map(([k, v]) => [k, v.end - v.start]));
}

/** Labels of the stages on the critical path of this build (empty when the graph did not load). */
export function criticalStages(layout: GraphLayout, events: readonly BuildEvent[]): Set<string> {
  const { graph } = layout;
  if (!graph || layout.reachable.length === 0) return new Set();
  const durations = stageDurations(events);
  const labelOf = new Map(layout.nodes.map((n) => [n.index, n.label]));
  // +1 keeps instant (fully cached) stages on the chain when nothing else distinguishes them
  const cost = new Map(layout.reachable.map((i) => [i, (durations.get(labelOf.get(i)!) ?? 0) + 1]));
  const level = criticalPath(graph, layout.reachable, cost);
  const inSet = new Set(layout.reachable);
  const dependents = new Map<number, Set<number>>(layout.reachable.map((i) => [i, new Set()]));
  const hasDeps = new Set<number>();
  for (const e of graph.edges) {
    if (typeof e.from !== 'number' || e.from === e.to || !inSet.has(e.from) || !inSet.has(e.to)) continue;
    dependents.get(e.from)!.add(e.to);
    hasDeps.add(e.to);
  }
  const best = (xs: Iterable<number>) => [...xs].sort((a, b) => level.get(b)! - level.get(a)! || a - b)[0];
  const chain = new Set<string>();
  let at = best(layout.reachable.filter((i) => !hasDeps.has(i)));
  while (at !== undefined) {
    chain.add(labelOf.get(at)!);
    at = best(dependents.get(at)!);
  }
  return chain;
}
