/**
 * Live state of each stage from a build's events: the engine tags every step's
 * `vertex-start` with its stage label (`base`, `stage-2`), and step names carry BuildKit's
 * `[label n/total]` counter, so a stage is done when all its `total` steps finished.
 */
import type { BuildEvent, CacheCause } from '#engine/progress';
import type { BuildView } from '../sandbox/panel-data.ts';

/** What a stage is doing. `pruned` stages are not part of this build (`--target`). */
/** `planned`: a stage a previewed (typed, not yet run) line would build. */
export type StageState = 'waiting' | 'running' | 'cached' | 'done' | 'failed' | 'canceled' | 'pruned' | 'planned';

/** A stage's progress in one build. */
export interface StageProgress {
  readonly state: StageState;
  /** Steps finished so far. */
  readonly done: number;
  /** Steps in the stage, from the `n/total` counter (0 before its first step started). */
  readonly total: number;
  /** Why the stage ran or was cached, from its steps' `cause` (absent when the engine gave none). */
  readonly cause?: StageCause;
}

/** How a stage's steps were decided, for the graph's colour and its words. */
export type CauseGroup = 'cached' | 'first-build' | 'changed' | 'no-cache' | 'parent-ran' | 'unknown';

/** A stage's cache decision: the first step that ran for its own reason, else "cached". */
export interface StageCause {
  readonly group: CauseGroup;
  /** Short words for the graph box (`files changed: main.go`). */
  readonly text: string;
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
  /** The steps' causes, in the order they finished. */
  causes: CacheCause[];
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
      if (!a) acc.set(label, (a = { total: 0, started: new Set(), done: new Set(), cached: 0, froms: 0, failed: false, canceled: false, causes: [] }));
      a.started.add(e.vertex);
      if (m) a.total = Math.max(a.total, Number(m[2]));
      if (/^\[[^\]]*\] FROM /.test(e.name)) a.froms++;
    } else if (e.kind === 'vertex-done') {
      const label = stageOf.get(e.vertex);
      const a = label === undefined ? undefined : acc.get(label);
      if (!a || a.done.has(e.vertex)) continue;
      a.done.add(e.vertex);
      if (e.cached) a.cached++;
      if (e.cause) a.causes.push(e.cause);
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
    const cause = stageCause(a.causes);
    out.set(label, { state, done: a.done.size, total, ...(cause ? { cause } : {}) });
  }
  return out;
}

/** The group a step's cause belongs to. */
export function causeGroup(c: CacheCause): CauseGroup {
  switch (c.kind) {
    case 'cached':
    case 'first-build':
    case 'no-cache':
    case 'parent-ran':
    case 'unknown':
      return c.kind;
    default:
      return 'changed';
  }
}

/** A step's cause in a few words. */
export function causeWords(c: CacheCause): string {
  const more = (n: number | undefined) => (n ? ` +${n}` : '');
  switch (c.kind) {
    case 'cached': return 'cached';
    case 'first-build': return 'first build';
    case 'no-cache': return '--no-cache';
    case 'instruction-changed': return 'instruction changed';
    case 'files-changed': return `files changed: ${c.paths.slice(0, 1).join('')}${more(c.paths.length - 1 + (c.more ?? 0))}`;
    case 'build-arg-changed': return `build arg ${c.name} changed`;
    case 'parent-ran': return `after ${c.name.replace(/^\[([^\]]*?)\s*\d+\/\d+\].*$/, '$1') || 'a step'} ran`;
    case 'mount-changed': return `mount ${c.target} changed`;
    case 'base-changed': return `base ${c.ref} changed`;
    case 'unknown': return `unknown: ${c.reason}`;
  }
}

/** The stage's cause: the first of its steps that ran for its own reason (else the first that ran), or cached when none ran. */
function stageCause(causes: readonly CacheCause[]): StageCause | undefined {
  if (causes.length === 0) return undefined;
  const ran = causes.filter((c) => c.kind !== 'cached');
  const c = ran.find((x) => x.kind !== 'parent-ran') ?? ran[0];
  if (!c) return { group: 'cached', text: 'cached' };
  return { group: causeGroup(c), text: causeWords(c) };
}

/**
 * A cause's words in `max` characters (a graph box's width): a path keeps its end
 * (`changed: …/main.go`), other text its start.
 */
export function clipCause(text: string, max = 22): string {
  if (text.length <= max) return text;
  const colon = text.indexOf(': ');
  if (colon < 0) return `${text.slice(0, max - 1)}…`;
  const word = text.slice(0, colon).split(' ').pop()!;
  const rest = text.slice(colon + 2);
  if (word.length + 2 + rest.length <= max) return `${word}: ${rest}`;
  const tail = rest.slice(rest.length - Math.max(4, max - word.length - 3));
  const slash = tail.indexOf('/');
  return `${word}: …${slash >= 0 && slash < tail.length - 1 ? tail.slice(slash) : tail}`;
}

/** The legend's words for each cause group (the graph also writes each stage's cause in its box). */
export const CAUSE_LEGEND: Readonly<Record<CauseGroup, string>> = {
  cached: 'cached: nothing it reads changed',
  'first-build': 'ran: first build',
  changed: 'ran: an input changed',
  'no-cache': 'ran: --no-cache',
  'parent-ran': 'ran: a step before it ran',
  unknown: 'ran: cause unknown',
};

/** A text mark per state, so states never depend on colour alone. */
export const STATE_ICON: Readonly<Record<StageState, string>> = {
  waiting: '○',
  running: '▶',
  cached: '↺',
  done: '✓',
  failed: '✗',
  canceled: '⊘',
  pruned: '–',
  planned: '◇',
};
