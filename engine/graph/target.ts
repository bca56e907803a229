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
  // the stages each stage needs, found once (was: every edge scanned for every stage reached)
  const needs = new Map<number, number[]>();
  for (const e of graph.edges) {
    if (typeof e.from !== 'number') continue;
    const list = needs.get(e.to);
    if (list) list.push(e.from);
    else needs.set(e.to, [e.from]);
  }
  const seen = new Set<number>([target]);
  const todo = [target];
  while (todo.length > 0) {
    const s = todo.pop()!;
    for (const from of needs.get(s) ?? []) {
      if (!seen.has(from)) {
        seen.add(from);
        todo.push(from);
      }
    }
  }
  return [...seen].sort((a, b) => a - b);
}

/**
 * A topological order of `subset` (dependencies first), ties broken by file order: of the
 * stages whose dependencies are done, the first in the file (Kahn's algorithm with a min-heap,
 * O(n log n); a FROM chain of 20,000 stages took half a minute with a sort per step).
 * Cycles are rejected before this is called.
 */
export function topologicalOrder(graph: BuildGraph, subset: readonly number[]): number[] {
  const inSet = new Set(subset);
  const waiting = new Map<number, number>();
  const dependents = new Map<number, number[]>();
  const seenEdge = new Set<string>();
  for (const s of subset) waiting.set(s, 0);
  for (const e of graph.edges) {
    if (typeof e.from !== 'number' || !inSet.has(e.from) || !inSet.has(e.to) || e.from === e.to) continue;
    const id = `${e.from} ${e.to}`;
    if (seenEdge.has(id)) continue;
    seenEdge.add(id);
    waiting.set(e.to, waiting.get(e.to)! + 1);
    const list = dependents.get(e.from);
    if (list) list.push(e.to);
    else dependents.set(e.from, [e.to]);
  }
  const ready = new MinHeap();
  for (const [s, n] of waiting) if (n === 0) ready.push(s);
  const order: number[] = [];
  for (let next = ready.pop(); next !== undefined; next = ready.pop()) {
    order.push(next);
    for (const d of dependents.get(next) ?? []) {
      const n = waiting.get(d)! - 1;
      waiting.set(d, n);
      if (n === 0) ready.push(d);
    }
  }
  return order;
}

/** A binary min-heap of numbers. */
class MinHeap {
  private readonly items: number[] = [];

  push(n: number): void {
    const a = this.items;
    a.push(n);
    for (let i = a.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (a[p]! <= a[i]!) break;
      [a[p], a[i]] = [a[i]!, a[p]!];
      i = p;
    }
  }

  pop(): number | undefined {
    const a = this.items;
    if (a.length === 0) return undefined;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l]! < a[m]!) m = l;
        if (r < a.length && a[r]! < a[m]!) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return top;
  }
}
