/**
 * The lesson runner's state: the open step, "check my work" results, and progress, saved on
 * every change. Components read its fields and call its methods; the pane syncs `hash`
 * with the address bar. Checks read the learner's own `WorkRecords`.
 */
import type { CheckResult } from '#engine/lessons';
import { evaluateCheck } from '#engine/lessons/checks';
import { findStep, type LoadedLesson, type LoadedStep } from '#engine/lessons/load';
import type { WorkRecords } from '../sandbox/panel-data.ts';
import { stepLinks } from './course.ts';
import { hashForLink } from './deep-link.ts';
import { afterWorkspaceReset, parseProgress, serializeProgress, withPassed, type LessonProgress, type ProgressStorage } from './progress.ts';

/** The open step with its place in the course. */
export interface OpenStep {
  readonly lesson: LoadedLesson;
  readonly step: LoadedStep;
  /** Index of the step in its lesson. */
  readonly index: number;
  /** `<lesson-id>/<step-id>`. */
  readonly link: string;
}

/** Reactive lesson state over a fixed list of lessons. */
export class LessonRunner {
  /** Saved progress; replaced on each change. */
  progress = $state.raw<LessonProgress>({ current: null, passed: [], keepOnReset: false });
  /** The link of the open step. */
  link = $state('');
  /** The last "check my work" result for the open step; `null` until the learner checks. */
  result = $state.raw<CheckResult | null>(null);
  /** Every step link, in course order. */
  readonly links: readonly string[];
  /** The open step. */
  readonly open: OpenStep = $derived(this.resolve(this.link));
  /** The address-bar hash of the open step. */
  readonly hash: string = $derived(hashForLink(this.link));

  /**
   * Open the step `initialLink` names (a deep link), else the saved current step, else the
   * first step of all.
   */
  constructor(
    readonly lessons: readonly LoadedLesson[],
    private readonly storage: ProgressStorage,
    initialLink?: string,
  ) {
    if (lessons.length === 0 || lessons[0]!.steps.length === 0) throw new Error('no lessons');
    this.links = stepLinks(lessons);
    this.progress = parseProgress(storage.read(), new Set(this.links));
    const start = (initialLink !== undefined && this.canonical(initialLink)) || this.progress.current || this.links[0]!;
    this.goTo(start);
  }

  /** The full link of a step link or lesson link (`03-multi-stage` → its first step); undefined when unknown. */
  canonical(link: string): string | undefined {
    const found = findStep(this.lessons, link);
    return found ? `${found.lesson.id}/${found.step.id}` : undefined;
  }

  /** Open a step by link (unknown links are ignored); returns whether it is open. */
  goTo(link: string): boolean {
    const full = this.canonical(link);
    if (full === undefined) return false;
    if (full !== this.link) this.result = null;
    this.link = full;
    this.save({ ...this.progress, current: full });
    return true;
  }

  /** The step after the open one (across lessons), or undefined at the end. */
  get nextLink(): string | undefined {
    return this.links[this.links.indexOf(this.link) + 1];
  }

  /** The step before the open one, or undefined at the start. */
  get previousLink(): string | undefined {
    const at = this.links.indexOf(this.link);
    return at > 0 ? this.links[at - 1] : undefined;
  }

  /** Evaluate the open step's check on the learner's records and workspace files; a pass is saved as progress. */
  check(records: WorkRecords, files?: ReadonlySet<string>): CheckResult {
    const result = evaluateCheck(this.open.step.check, records.builds, records.runs, files);
    this.result = result;
    if (result.ok) this.save(withPassed(this.progress, this.link));
    return result;
  }

  /** Whether progress should survive a workspace reset. */
  setKeepOnReset(keep: boolean): void {
    this.save({ ...this.progress, keepOnReset: keep });
  }

  /** The workspace was reset: forget progress unless the learner chose to keep it. */
  workspaceReset(): void {
    const next = afterWorkspaceReset(this.progress);
    if (next === this.progress) return;
    this.result = null;
    this.save(next);
    this.goTo(this.links[0]!);
  }

  /** Forget every passed step (the open step stays open). */
  clearProgress(): void {
    this.result = null;
    this.save({ ...this.progress, passed: [] });
  }

  private resolve(link: string): OpenStep {
    const found = findStep(this.lessons, link) ?? findStep(this.lessons, this.links[0]!)!;
    return { lesson: found.lesson, step: found.step, index: found.index, link: `${found.lesson.id}/${found.step.id}` };
  }

  private save(p: LessonProgress): void {
    this.progress = p;
    this.storage.write(serializeProgress(p));
  }
}
