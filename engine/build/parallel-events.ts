/**
 * Merges the event streams of stages that run at the same time into one stream whose
 * order and `#N` numbering do not depend on real timing. Stage events come with stage-local
 * vertex numbers and modeled times relative to the stage's start; the merger shifts them
 * by the stage's modeled start (the end of its latest dependency, as BuildKit runs every
 * ready stage at once) and releases them in canonical order: modeled time, then the
 * stage's rank in the topological order, then arrival order within the stage. An event is
 * released as soon as no unfinished stage can still produce an earlier one, so a
 * progress printer sees steps of parallel stages interleaved by modeled time, live.
 */
import type { BuildEvent } from '../progress/events.ts';

interface Pending {
  /** Sort time: the event's time, raised to the stage's latest so a stage's events keep their order. */
  readonly t: number;
  /** The event's own absolute time. */
  readonly at: number;
  readonly rank: number;
  readonly seq: number;
  readonly stage: number;
  readonly event: BuildEvent;
}

interface StageState {
  readonly rank: number;
  readonly deps: readonly number[];
  /** Modeled start, once known. */
  start?: number;
  /** Latest absolute modeled time seen from it. */
  frontier?: number;
  end?: number;
  seq: number;
}

/** Canonical ordering and numbering of parallel stage events (see the file comment). */
export class EventMerger {
  private readonly stages = new Map<number, StageState>();
  private readonly pending: Pending[] = [];
  private readonly numbers = new Map<string, number>();
  private next = 1;

  /**
   * @param order the stages of the build, dependencies first (their rank is their position)
   * @param deps each stage's dependencies within `order`
   * @param emit receives merged events with global vertex numbers and absolute times
   * @param firstVertex the `#N` the first stage vertex gets (vertices before it belong to the caller)
   */
  constructor(order: readonly number[], deps: (stage: number) => readonly number[], private readonly emit: (e: BuildEvent) => void, firstVertex = 1) {
    order.forEach((s, rank) => this.stages.set(s, { rank, deps: deps(s), seq: 0 }));
    this.next = firstVertex;
  }

  /** The stage's modeled start: the end of its last dependency (0 without any). */
  startOf(stage: number): number {
    const st = this.stages.get(stage)!;
    st.start ??= Math.max(0, ...st.deps.map((d) => this.stages.get(d)!.end ?? 0));
    return st.start;
  }

  /** An event of `stage` (local vertex, stage-relative time). */
  push(stage: number, event: BuildEvent): void {
    const st = this.stages.get(stage)!;
    const start = this.startOf(stage);
    const at = 't' in event ? start + event.t : start;
    const t = Math.max(st.frontier ?? start, at);
    st.frontier = t;
    this.pending.push({ t, at, rank: st.rank, seq: st.seq++, stage, event });
    this.release();
  }

  /** The stage finished after `modeledMs`; its later events can no longer come. */
  finish(stage: number, modeledMs: number): void {
    const st = this.stages.get(stage)!;
    st.end = this.startOf(stage) + modeledMs;
    st.frontier = Number.POSITIVE_INFINITY;
    this.release();
  }

  /** The build ended (done, failed or canceled): releases whatever is left, in order. */
  flush(): void {
    for (const st of this.stages.values()) st.frontier = Number.POSITIVE_INFINITY;
    this.release();
  }

  /** Modeled end of the whole set of stages so far. */
  get modeledEnd(): number {
    return Math.max(0, ...[...this.stages.values()].map((s) => s.end ?? 0));
  }

  /** The earliest absolute time `stage` may still produce an event at. */
  private lowerBound(stage: number, seen = new Set<number>()): number {
    const st = this.stages.get(stage)!;
    if (st.frontier !== undefined) return st.frontier;
    if (st.start !== undefined) return st.start;
    if (seen.has(stage)) return 0;
    seen.add(stage);
    // Not started: it starts no earlier than each dependency's end (or lower bound).
    return Math.max(0, ...st.deps.map((d) => this.stages.get(d)!.end ?? this.lowerBound(d, seen)));
  }

  private release(): void {
    this.pending.sort((a, b) => a.t - b.t || a.rank - b.rank || a.seq - b.seq);
    let i = 0;
    for (; i < this.pending.length; i++) {
      const p = this.pending[i]!;
      if (!this.releasable(p)) break;
      this.emit(this.rewrite(p));
    }
    this.pending.splice(0, i);
  }

  private releasable(p: Pending): boolean {
    for (const [s, st] of this.stages) {
      if (s === p.stage || st.frontier === Number.POSITIVE_INFINITY) continue;
      const bound = this.lowerBound(s);
      if (bound < p.t || (bound === p.t && st.rank < p.rank)) return false;
    }
    return true;
  }

  private rewrite(p: Pending): BuildEvent {
    const e = p.event;
    if (e.kind === 'warning') return e;
    const key = `${p.stage}:${e.vertex}`;
    let vertex = this.numbers.get(key);
    if (vertex === undefined) {
      vertex = this.next++;
      this.numbers.set(key, vertex);
    }
    const shift = p.at - e.t;
    if (e.kind === 'vertex-status') {
      return { ...e, vertex, t: p.at, started: e.started + shift, ...(e.completed !== undefined ? { completed: e.completed + shift } : {}) };
    }
    return { ...e, vertex, t: p.at };
  }
}
