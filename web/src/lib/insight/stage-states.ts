/**
 * Live state of each stage from a build's events: the engine tags every step's
 * `vertex-start` with its stage label (`base`, `stage-2`), and step names carry BuildKit's
 * `[label n/total]` counter, so a stage is done when all its `total` steps finished.
 */
import type { BuildEvent } from '../../../../engine/progress/events.ts';
import type { BuildView } from '../sandbox/contract.ts';

/** What a stage is doing. `pruned` stages are not part of this build (`--target`). */
export type StageState = 'waiting' | 'running' | 'cached' | 'done' | 'failed' | 'canceled' | 'pruned';

/** A stage's progress in one build. */
export interface StageProgress {
  readonly state: StageState;
  /** Steps finished so far. */
  readonly done: number;
  /** Steps in the stage, from the `n/total` counter (0 before its first step started). */
  readonly total: number;
}

/** The label events use for the one unnamed stage of a single-stage file (its steps are `[1/3] ...`). */
export const SINGLE_STAGE = '';

const COUNTER = /^\[(?:(.+) )?\s*\d+\/(\d+)\]/;

interface Acc {
  total: number;
  started: Set<number>;
  done: Set<number>;
  cached: number;
  /** `FROM` steps: BuildKit never marks them CACHED, so they do not count against `cached`. */
  froms: number;
  failed: boolean;
  canceled: boolean;
}

/**
 * Each stage label's progress. Stages without events are absent (callers show them as
 * `waiting`). After the build ended, a stage that did not finish is `canceled`.
 */
export function stageStates(events: readonly BuildEvent[], status: BuildView['status']): Map<string, StageProgress> {
  const acc = new Map<string, Acc>();
  const stageOf = new Map<number, string>();
  for (const e of events) {
    if (e.kind === 'vertex-start') {
      const m = COUNTER.exec(e.name);
      // `[1/2]`, or `[linux/arm64 1/2]` in a multi-platform build: the single unnamed stage
      const label = e.stage ?? (m && (m[1] === undefined || /^[^ ]+\/[^ ]+$/.test(m[1])) ? SINGLE_STAGE : undefined);
      if (label === undefined || stageOf.has(e.vertex)) continue;
      stageOf.set(e.vertex, label);
      let a = acc.get(label);
      if (!a) acc.set(label, (a = { total: 0, started: new Set(), done: new Set(), cached: 0, froms: 0, failed: false, canceled: false }));
      a.started.add(e.vertex);
      if (m) a.total = Math.max(a.total, Number(m[2]));
      if (/^\[[^\]]*\] FROM /.test(e.name)) a.froms++;
    } else if (e.kind === 'vertex-done') {
      const label = stageOf.get(e.vertex);
      const a = label === undefined ? undefined : acc.get(label);
      if (!a || a.done.has(e.vertex)) continue;
      a.done.add(e.vertex);
      if (e.cached) a.cached++;
      if (e.canceled) a.canceled = true;
      else if (e.error !== undefined) a.failed = true;
    }
  }
  const out = new Map<string, StageProgress>();
  for (const [label, a] of acc) {
    const total = Math.max(a.total, a.started.size);
    const complete = a.done.size >= total && a.done.size === a.started.size;
    let state: StageState;
    if (a.failed) state = 'failed';
    else if (a.canceled) state = 'canceled';
    else if (!complete) state = status === 'running' ? 'running' : 'canceled';
    else state = a.cached > 0 && a.cached >= total - a.froms ? 'cached' : 'done';
    out.set(label, { state, done: a.done.size, total });
  }
  return out;
}

/** A text mark per state, so states never depend on colour alone. */
export const STATE_ICON: Readonly<Record<StageState, string>> = {
  waiting: '○',
  running: '▶',
  cached: '↺',
  done: '✓',
  failed: '✗',
  canceled: '⊘',
  pruned: '–',
};
