import type { Range } from '../source/range.ts';
import { GraphError } from '../source/errors.ts';
import type { Command } from '../dockerfile/instructions/commands.ts';
import type { Stage } from '../dockerfile/instructions/stages.ts';

/** `deps[i]`: the stages stage `i` copies or mounts from, each with the command that does it. */
export type DepsMap = ReadonlyArray<ReadonlyArray<{ readonly index: number; readonly via: Command }>>;

/**
 * BuildKit's `validateCircularDependency`: depth-first from each stage in file order;
 * the error names the stage the search started from and points at every command on the
 * path that closed the cycle.
 */
export function validateCircularDependency(stages: readonly Stage[], deps: DepsMap): void {
  const visited = new Set<number>();
  const path = new Set<number>();
  const visit = (s: number, current: Command[]): Command[] | undefined => {
    if (visited.has(s)) return undefined;
    visited.add(s);
    path.add(s);
    for (const d of deps[s] ?? []) {
      const next = [...current, d.via];
      if (path.has(d.index)) return next;
      const c = visit(d.index, next);
      if (c) return c;
    }
    path.delete(s);
    return undefined;
  };
  for (const stage of stages) {
    const cmds = visit(stage.index, []);
    if (cmds) {
      const ranges: Range[] = cmds.map((c) => c.range);
      throw new GraphError('circular-dependency', `circular dependency detected on stage: ${stage.name ?? ''}`, ranges, {
        stage: stage.index,
      });
    }
  }
}
