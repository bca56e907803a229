/**
 * The timeline's model (a Gantt chart of one build): one row per worker, one bar per step
 * from its start to its end on the modeled clock (`t`) or the sandbox's real clock
 * (`realMs`). Steps that overlap on one worker get extra lanes, so parallel stages never
 * hide each other. Pure.
 */
import type { BuildEvent } from '#engine/progress';

/** Which clock places the bars. */
export type Clock = 'modeled' | 'real';

/** One step. `end` is undefined while it runs (drawn up to `span`). */
export interface TimelineBar {
  readonly vertex: number;
  /** The vertex name as progress shows it (`[base 4/5] RUN go mod download`). */
  readonly name: string;
  readonly stage?: string;
  readonly worker: number;
  /** Lane across the whole chart, 0 = top. */
  readonly lane: number;
  readonly start: number;
  readonly end?: number;
  readonly cached: boolean;
  readonly failed: boolean;
  readonly canceled: boolean;
  /** On the chain of steps that decides the build's total time. */
  readonly critical: boolean;
}

/** One worker's band of lanes. */
export interface TimelineRow {
  readonly worker: number;
  /** `main` for the coordinator (worker 0 or none), else `worker N`. */
  readonly label: string;
  readonly firstLane: number;
  readonly lanes: number;
}

export interface Timeline {
  readonly clock: Clock;
  readonly rows: readonly TimelineRow[];
  readonly bars: readonly TimelineBar[];
  readonly lanes: number;
  /** The chart's right edge, ms (the latest time seen). */
  readonly span: number;
  /** Whether every step carries a real time (otherwise `real` falls back to modeled). */
  readonly hasReal: boolean;
}

interface Step {
  vertex: number;
  name: string;
  stage?: string;
  worker: number;
  start: number;
  end?: number;
  realStart?: number;
  realEnd?: number;
  cached: boolean;
  failed: boolean;
  canceled: boolean;
}

/**
 * Build the chart. `criticalStages` names the stage labels on the critical path; steps
 * outside any stage (loading the definition, exporting) are serial and always on it.
 */
export function timeline(events: readonly BuildEvent[], clock: Clock, criticalStages: ReadonlySet<string>): Timeline {
  const steps = new Map<number, Step>();
  let latest = 0;
  let latestReal = 0;
  for (const e of events) {
    if (e.kind === 'warning') continue;
    latest = Math.max(latest, e.t);
    if (e.realMs !== undefined) latestReal = Math.max(latestReal, e.realMs);
    if (e.kind === 'vertex-start') {
      if (steps.has(e.vertex)) continue;
      steps.set(e.vertex, {
        vertex: e.vertex, name: e.name, worker: e.worker ?? 0, start: e.t, cached: false, failed: false, canceled: false,
        ...(e.stage !== undefined ? { stage: e.stage } : {}),
        ...(e.realMs !== undefined ? { realStart: e.realMs } : {}),
      });
    } else if (e.kind === 'vertex-done') {
      const s = steps.get(e.vertex);
      if (!s || s.end !== undefined) continue;
      s.end = e.t;
      if (e.realMs !== undefined) s.realEnd = e.realMs;
      s.cached = e.cached === true;
      s.canceled = e.canceled === true;
      s.failed = e.error !== undefined && !s.canceled;
    }
  }
  const all = [...steps.values()];
  const hasReal = all.length > 0 && all.every((s) => s.realStart !== undefined && (s.end === undefined || s.realEnd !== undefined));
  const real = clock === 'real' && hasReal;
  const span = real ? latestReal : latest;
  const placed = all.map((s) => {
    const start = real ? s.realStart! : s.start;
    const end = s.end === undefined ? undefined : real ? s.realEnd! : s.end;
    return { s, start, end };
  });

  const workers = [...new Set(all.map((s) => s.worker))].sort((a, b) => a - b);
  const rows: TimelineRow[] = [];
  const bars: TimelineBar[] = [];
  let lane = 0;
  for (const w of workers) {
    const mine = placed.filter((p) => p.s.worker === w).sort((a, b) => a.start - b.start || a.s.vertex - b.s.vertex);
    const laneEnds: number[] = [];
    for (const p of mine) {
      const end = p.end ?? span;
      let i = laneEnds.findIndex((e) => e <= p.start);
      if (i < 0) i = laneEnds.push(end) - 1;
      else laneEnds[i] = end;
      bars.push({
        vertex: p.s.vertex, name: p.s.name, worker: w, lane: lane + i, start: p.start,
        cached: p.s.cached, failed: p.s.failed, canceled: p.s.canceled,
        critical: p.s.stage === undefined || criticalStages.has(p.s.stage),
        ...(p.end !== undefined ? { end: p.end } : {}),
        ...(p.s.stage !== undefined ? { stage: p.s.stage } : {}),
      });
    }
    const lanes = Math.max(1, laneEnds.length);
    rows.push({ worker: w, label: w === 0 ? 'main' : `worker ${w}`, firstLane: lane, lanes });
    lane += lanes;
  }
  bars.sort((a, b) => a.vertex - b.vertex);
  return { clock: real ? 'real' : 'modeled', rows, bars, lanes: lane, span, hasReal };
}

/** Round tick marks for an axis `0..span` ms: 1, 2 or 5 × 10^k apart, about `count` of them. */
export function ticks(span: number, count = 6): number[] {
  if (span <= 0) return [0];
  const raw = span / count;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const cands = [1, 2, 5, 10].map((m) => m * pow);
  const step = cands.reduce((best, s) => (Math.abs(span / s - count) < Math.abs(span / best - count) ? s : best));
  const out: number[] = [];
  for (let v = 0; v <= span + 1e-9; v += step) out.push(Math.round(v * 1000) / 1000);
  return out;
}

/** An axis label: `850ms`, `1.5s`, `13s`. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = ms / 1000;
  return `${s < 10 ? Number(s.toFixed(1)) : Math.round(s)}s`;
}
