/**
 * Looking things up in the learner's history of builds and runs: which build a check
 * reads, where an image was last tagged, which stages ran when. Pure functions over
 * `BuildRecord`s.
 */
import type { BuildEvent, CacheCause } from '../progress/events.ts';
import { parseReference } from '../reference/reference.ts';
import type { BuildRecord, ImageRecord, RunRecord } from './types.ts';

/** `buildme` → `docker.io/library/buildme:latest`; an unparsable reference stays as written. */
export function normalizeRef(ref: string): string {
  try {
    return parseReference(ref).full;
  } catch {
    return ref;
  }
}

/** How the learner names an image in messages (`buildme:latest`). */
export function displayRef(ref: string): string {
  try {
    const r = parseReference(ref);
    return r.tag !== undefined || r.digest !== undefined ? r.familiar : `${r.familiar}:latest`;
  } catch {
    return ref;
  }
}

/** The latest build, or the latest with this `--target`; undefined when there is none. */
export function pickBuild(builds: readonly BuildRecord[], target?: string): BuildRecord | undefined {
  for (let i = builds.length - 1; i >= 0; i--) {
    const b = builds[i]!;
    if (target === undefined || b.target === target) return b;
  }
  return undefined;
}

/** The image most recently stored under `ref` (a later build that reuses the tag wins). */
export function findImage(builds: readonly BuildRecord[], ref: string): ImageRecord | undefined {
  const want = normalizeRef(ref);
  for (let i = builds.length - 1; i >= 0; i--) {
    const img = builds[i]!.images.find((x) => normalizeRef(x.ref) === want);
    if (img) return img;
  }
  return undefined;
}

/** The latest run of `ref`. */
export function findRun(runs: readonly RunRecord[], ref: string): RunRecord | undefined {
  const want = normalizeRef(ref);
  for (let i = runs.length - 1; i >= 0; i--) if (runs[i]!.container === undefined && normalizeRef(runs[i]!.image) === want) return runs[i];
  return undefined;
}

/** The latest `docker exec` in the container named `name`. */
export function findExec(runs: readonly RunRecord[], name: string): RunRecord | undefined {
  for (let i = runs.length - 1; i >= 0; i--) if (runs[i]!.container === name) return runs[i];
  return undefined;
}

/** One step (vertex) of a build, its start and end folded together. */
export interface VertexSummary {
  readonly vertex: number;
  readonly name: string;
  readonly stage?: string;
  /** Modeled start and end, ms; `end` is undefined when the vertex never finished. */
  readonly start: number;
  readonly end?: number;
  readonly cached: boolean;
  readonly error?: string;
  /** Why it was CACHED or ran (steps only). */
  readonly cause?: CacheCause;
}

/** The build's vertexes in order of first appearance. */
export function vertexes(events: readonly BuildEvent[]): VertexSummary[] {
  const byId = new Map<number, { -readonly [K in keyof VertexSummary]: VertexSummary[K] }>();
  for (const e of events) {
    if (e.kind === 'vertex-start' && !byId.has(e.vertex)) {
      byId.set(e.vertex, { vertex: e.vertex, name: e.name, start: e.t, cached: false, ...(e.stage !== undefined ? { stage: e.stage } : {}) });
    } else if (e.kind === 'vertex-done') {
      const v = byId.get(e.vertex);
      if (!v) continue;
      v.end = e.t;
      v.cached = e.cached === true;
      if (e.error !== undefined) v.error = e.error;
      if (e.cause !== undefined) v.cause = e.cause;
    }
  }
  return [...byId.values()];
}

/** Everything the build logged, in order. */
export function buildLog(events: readonly BuildEvent[]): string {
  return events.map((e) => (e.kind === 'vertex-log' ? e.data : '')).join('');
}

/** `[base 4/5] RUN go mod download` for messages: the instruction only, spaces collapsed, in backticks. */
export function stepLabel(name: string): string {
  return `\`${name.replace(/^\[[^\]]*\]\s*/, '').replace(/\s+/g, ' ').trim()}\``;
}
