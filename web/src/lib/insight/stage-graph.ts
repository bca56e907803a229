/**
 * The stage graph's model: stages as nodes laid out in rows by dependency depth (a stage
 * sits below every stage it needs), edges for `FROM <stage>`, `COPY --from` and
 * `RUN --mount from=`, the target and the stages `--target` prunes. Pure; the SVG
 * component only draws it.
 */
import { loadDockerfile } from '#engine/frontend';
import type { BuildGraph, EdgeKind } from '#engine/graph';
import { EngineError } from '#engine/source';

/** Node box size and gaps, in SVG user units. */
export const NODE_W = 136;
/** Tall enough for the name, the base, the state and why it ran. */
export const NODE_H = 62;
const GAP_X = 16;
const GAP_Y = 34;
const PAD = 8;

/** One stage, placed. */
export interface GraphNode {
  readonly index: number;
  /** The label its steps use in progress (`base`, `stage-2`; `''` for a single unnamed stage). */
  readonly label: string;
  /** What it is built on: `golang:1.20-alpine`, `scratch`, or `stage base`. */
  readonly from: string;
  readonly target: boolean;
  /** Not needed by the target: BuildKit never runs it. */
  readonly pruned: boolean;
  /** Top-left corner. */
  readonly x: number;
  readonly y: number;
}

/** A dependency between two stages (`from` is needed by `to`). */
export interface GraphLink {
  readonly from: number;
  readonly to: number;
  readonly kind: EdgeKind;
  /** The instruction, for the edge's title (`COPY --from=build-client /bin/client /bin/`). */
  readonly via: string;
}

/** The drawable graph, or the front end's error when the Dockerfile does not load. */
export interface GraphLayout {
  readonly nodes: readonly GraphNode[];
  readonly links: readonly GraphLink[];
  readonly width: number;
  readonly height: number;
  /** The engine's graph and the stages this build runs (absent on error), for the critical path. */
  readonly graph?: BuildGraph;
  readonly reachable: readonly number[];
  readonly error?: string;
}

/** Lay out `dockerfile`'s stages for a build with `target` (default: the last stage), `--platform` and `--build-arg`s (FROM may use them). */
export function stageGraph(dockerfile: string, target?: string, platform?: string, buildArgs?: Readonly<Record<string, string>>): GraphLayout {
  let fe;
  try {
    fe = loadDockerfile(dockerfile, { ...(target ? { target } : {}), ...(platform ? { platform } : {}), ...(buildArgs ? { buildArgs } : {}) });
  } catch (err) {
    return { nodes: [], links: [], width: 0, height: 0, reachable: [], error: err instanceof EngineError ? err.message : String(err) };
  }
  const { graph } = fe;
  const count = graph.stages.length;
  const seen = new Set<string>();
  const links: GraphLink[] = [];
  for (const e of graph.edges) {
    if (typeof e.from !== 'number' || e.from === e.to) continue;
    const key = `${e.from}>${e.to}>${e.kind}`;
    if (seen.has(key)) continue;
    seen.add(key);
    links.push({ from: e.from, to: e.to, kind: e.kind, via: e.via.original });
  }
  // depth = longest chain of stages below; edges only point from earlier stages (validated)
  const depth = graph.stages.map(() => 0);
  for (let pass = 0; pass < count; pass++) {
    let changed = false;
    for (const l of links) {
      if (depth[l.to]! < depth[l.from]! + 1) {
        depth[l.to] = depth[l.from]! + 1;
        changed = true;
      }
    }
    if (!changed) break;
  }
  const rows: number[][] = [];
  graph.stages.forEach((s) => (rows[depth[s.index]!] ??= []).push(s.index));
  const widest = Math.max(1, ...rows.map((r) => r.length));
  const width = PAD * 2 + widest * NODE_W + (widest - 1) * GAP_X;
  const reachable = new Set(fe.reachable.map((s) => s.index));
  const nodes: GraphNode[] = [];
  rows.forEach((row, r) => {
    const rowWidth = row.length * NODE_W + (row.length - 1) * GAP_X;
    const left = (width - rowWidth) / 2;
    row.forEach((index, i) => {
      const stage = graph.stages[index]!;
      const base = graph.bases[index]!;
      nodes.push({
        index,
        label: stage.name ?? (count > 1 ? `stage-${index}` : ''),
        from: base.kind === 'stage' ? `stage ${graph.stages[base.index]!.name ?? base.index}` : base.kind === 'scratch' ? 'scratch' : shortRef(base.ref),
        target: index === fe.target.index,
        pruned: !reachable.has(index),
        x: left + i * (NODE_W + GAP_X),
        y: PAD + r * (NODE_H + GAP_Y),
      });
    });
  });
  nodes.sort((a, b) => a.index - b.index);
  return { nodes, links, width, graph, reachable: [...reachable], height: PAD * 2 + rows.length * NODE_H + (rows.length - 1) * GAP_Y };
}

/** `docker.io/library/golang:1.20-alpine` → `golang:1.20-alpine` (the familiar form). */
function shortRef(ref: string): string {
  return ref.replace(/^docker\.io\/library\//, '').replace(/^docker\.io\//, '');
}
