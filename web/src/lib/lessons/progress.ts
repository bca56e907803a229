/**
 * The learner's lesson progress: which steps' checks passed, the step they are on, and
 * whether progress survives a workspace reset. Pure values plus a tiny storage port
 * (IndexedDB in the browser, `persist/progress.ts`; a Map in tests). Steps are named by their deep link,
 * `<lesson-id>/<step-id>`.
 */

/** Progress through the lessons. */
export interface LessonProgress {
  /** The step the learner is on (`03-multi-stage/scratch`), or `null` before they pick one. */
  readonly current: string | null;
  /** Steps whose check passed at least once, in the order they passed. */
  readonly passed: readonly string[];
  /** Keep `passed` and `current` when the learner resets the workspace. */
  readonly keepOnReset: boolean;
}

/** No progress yet. */
export const EMPTY_PROGRESS: LessonProgress = { current: null, passed: [], keepOnReset: false };

/** Where progress is kept (one text value). */
export interface ProgressStorage {
  read(): string | null;
  write(text: string): void;
}

/** Read stored progress, dropping steps that no longer exist; anything unreadable is no progress. */
export function parseProgress(text: string | null, known: ReadonlySet<string>): LessonProgress {
  if (text === null) return EMPTY_PROGRESS;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return EMPTY_PROGRESS;
  }
  if (typeof raw !== 'object' || raw === null) return EMPTY_PROGRESS;
  const r = raw as Record<string, unknown>;
  const passed = Array.isArray(r.passed) ? r.passed.filter((p): p is string => typeof p === 'string' && known.has(p)) : [];
  const current = typeof r.current === 'string' && known.has(r.current) ? r.current : null;
  return { current, passed: [...new Set(passed)], keepOnReset: r.keepOnReset === true };
}

/** The stored form of progress. */
export function serializeProgress(p: LessonProgress): string {
  return JSON.stringify({ current: p.current, passed: p.passed, keepOnReset: p.keepOnReset });
}

/** Progress with `link` marked as passed. */
export function withPassed(p: LessonProgress, link: string): LessonProgress {
  return p.passed.includes(link) ? p : { ...p, passed: [...p.passed, link] };
}

/** Progress after the workspace was reset: unchanged when the learner chose to keep it. */
export function afterWorkspaceReset(p: LessonProgress): LessonProgress {
  return p.keepOnReset ? p : { ...EMPTY_PROGRESS, keepOnReset: false };
}

/** How a step shows in the step list, in words (not only colour). */
export type StepStatus = 'done' | 'current' | 'current, done' | 'to do';

/** The status of step `link`. */
export function stepStatus(p: LessonProgress, link: string): StepStatus {
  const done = p.passed.includes(link);
  if (p.current === link) return done ? 'current, done' : 'current';
  return done ? 'done' : 'to do';
}
