import { GraphError } from '../source/errors.ts';
import type { ExpandedFrom } from '../dockerfile/instructions/args.ts';
import type { Command } from '../dockerfile/instructions/commands.ts';
import { splitCsv } from '../dockerfile/instructions/runmount.ts';
import type { Stage } from '../dockerfile/instructions/stages.ts';
import type { ShellLex } from '../dockerfile/shell/lex.ts';
import { parseReference } from '../reference/reference.ts';
import { validateCircularDependency, type DepsMap } from './cycles.ts';
import { findBaseStage, findStageByName, parseStageIndex } from './refs.ts';
import type { BuildGraph, EdgeKind, GraphEdge, StageBase } from './types.ts';

/** A `--from` found in a command: COPY's flag or a RUN mount's `from=`. */
interface FromUse {
  readonly value: string;
  readonly kind: 'copy' | 'mount';
  readonly via: Command;
  /** Mount target (for the forward-reference message). */
  readonly target?: string;
}

/** The `from=` of a raw `--mount` spec (last one wins), and its target. */
function mountFrom(spec: string): { from?: string; target?: string } {
  let from: string | undefined;
  let target: string | undefined;
  let fields: string[];
  try {
    fields = splitCsv(spec);
  } catch {
    return {};
  }
  for (const f of fields) {
    const eq = f.indexOf('=');
    if (eq < 0) continue;
    const k = f.slice(0, eq).toLowerCase();
    if (k === 'from') from = f.slice(eq + 1);
    if (k === 'target' || k === 'dst' || k === 'destination') target = f.slice(eq + 1);
  }
  return { ...(from !== undefined ? { from } : {}), ...(target !== undefined ? { target } : {}) };
}

/** Every `--from` use of one command (ONBUILD triggers are handled by the caller). */
function fromUses(cmd: Command): FromUse[] {
  if (cmd.kind === 'COPY' && cmd.from) return [{ value: cmd.from, kind: 'copy', via: cmd }];
  if (cmd.kind === 'RUN') {
    return cmd.mountSpecs.flatMap((spec) => {
      const m = mountFrom(spec);
      return m.from ? [{ value: m.from, kind: 'mount' as const, via: cmd, ...(m.target !== undefined ? { target: m.target } : {}) }] : [];
    });
  }
  return [];
}

/** Where each `--from` points, for forward-reference checks at "dispatch". */
export interface ResolvedUse extends FromUse {
  readonly to: number;
  readonly from: number | string;
}

/** The graph plus what later validations need. */
export interface GraphBuild {
  readonly graph: BuildGraph;
  readonly uses: readonly ResolvedUse[];
}

/**
 * Resolve bases and `--from` references and reject cycles (`fillDepsAndValidate`).
 * Throws `GraphError` with the command's range: variable in `COPY --from`,
 * `invalid stage index <n>`, `circular dependency detected on stage: <s>`.
 */
export function buildGraph(stages: readonly Stage[], froms: readonly ExpandedFrom[], lex: ShellLex): GraphBuild {
  const edges: GraphEdge[] = [];
  const bases: StageBase[] = stages.map((st, i) => {
    const name = froms[i]!.baseName;
    const base = findBaseStage(stages, i, name);
    if (base) {
      edges.push({ from: base.index, to: i, kind: 'base', via: st.from });
      return { kind: 'stage', index: base.index };
    }
    if (name === 'scratch') return { kind: 'scratch' };
    edges.push({ from: name, to: i, kind: 'base', via: st.from });
    return { kind: 'image', ref: name };
  });
  const deps: { index: number; via: Command }[][] = stages.map(() => []);
  const uses: ResolvedUse[] = [];
  const resolve = (u: FromUse, to: number, kind: EdgeKind): void => {
    if (u.kind === 'copy') {
      let changed: boolean;
      try {
        changed = lex.processWord(u.value, new Map()) !== u.value;
      } catch {
        changed = true;
      }
      if (changed) {
        throw new GraphError(
          'from-variable',
          'variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround',
          [u.via.range],
        );
      }
    }
    let from: number | string;
    const idx = parseStageIndex(u.value);
    if (idx !== undefined) {
      if (idx < 0 || idx >= stages.length) throw new GraphError('invalid-stage-index', `invalid stage index ${idx}`, [u.via.range]);
      from = idx;
    } else {
      from = findStageByName(stages, u.value)?.index ?? u.value;
    }
    edges.push({ from, to, kind, via: u.via });
    uses.push({ ...u, to, from });
    if (typeof from === 'number' && !deps[to]!.some((d) => d.index === from)) deps[to]!.push({ index: from, via: u.via });
  };
  stages.forEach((st, i) => {
    for (const cmd of st.commands) for (const u of fromUses(cmd)) resolve(u, i, u.kind);
    const base = bases[i]!;
    if (base.kind === 'stage') {
      for (const cmd of stages[base.index]!.commands) {
        if (cmd.kind === 'ONBUILD' && cmd.trigger) for (const u of fromUses(cmd.trigger)) resolve({ ...u, via: cmd }, i, 'onbuild');
      }
    }
  });
  validateCircularDependency(stages, deps as DepsMap);
  return { graph: { stages, bases, edges }, uses };
}

/**
 * Image references must parse (`resolveReachableStages`, done for every stage):
 * `failed to parse stage name "<ref>": invalid reference format...`.
 */
export function validateReferences(build: GraphBuild): void {
  const check = (ref: string, range: Command['range']): void => {
    try {
      parseReference(ref);
    } catch (e) {
      throw new GraphError('invalid-reference', `failed to parse stage name ${JSON.stringify(ref)}: ${(e as Error).message}`, [range], { ref });
    }
  };
  build.graph.bases.forEach((b, i) => {
    if (b.kind === 'image') check(b.ref, build.graph.stages[i]!.from.range);
  });
  for (const u of build.uses) if (typeof u.from === 'string') check(u.from, u.via.range);
}

/**
 * Dependencies on later stages fail when the dependent stage is dispatched (in file
 * order, so only for stages that are built): the COPY and mount messages of BuildKit.
 */
export function validateForwardReferences(build: GraphBuild, dispatched: ReadonlySet<number>): void {
  const sorted = [...build.uses].sort((a, b) => a.to - b.to || a.via.range.start.line - b.via.range.start.line);
  for (const u of sorted) {
    if (!dispatched.has(u.to) || typeof u.from !== 'number' || u.from < u.to) continue;
    const current = build.graph.stages[u.to]!.name ?? '';
    if (u.kind === 'copy') {
      throw new GraphError(
        'forward-reference',
        `cannot copy from stage ${JSON.stringify(u.value)}, it needs to be defined before current stage ${JSON.stringify(current)}`,
        [u.via.range],
      );
    }
    throw new GraphError(
      'forward-reference',
      `cannot mount from stage ${JSON.stringify(u.value)} to ${JSON.stringify(u.target ?? '')}, stage needs to be defined before current command`,
      [u.via.range],
    );
  }
}
