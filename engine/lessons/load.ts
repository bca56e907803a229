/**
 * Lessons validated and joined with their prose. The course's manifests are data outside
 * the engine (`lessons/index.ts`'s `LESSONS`); prose is read through an injected function
 * (Node's fs in tests and the CLI, bundled Markdown in the browser), so this stays free of
 * `node:` imports.
 */
import { EngineError } from '../source/errors.ts';
import type { Check, Lesson, Step } from './types.ts';

/** A step with its prose read. */
export interface LoadedStep extends Step {
  /** The prose's Markdown text. */
  readonly markdown: string;
}

/** A lesson whose steps carry their prose. */
export interface LoadedLesson extends Omit<Lesson, 'steps'> {
  readonly steps: readonly LoadedStep[];
}

/**
 * Reads a file under `lessons/` by its path relative to that folder
 * (`03-multi-stage/01-scratch.md`); undefined when it does not exist.
 */
export type ReadLessonFile = (relativePath: string) => string | undefined;

/** Where a step's prose lives, relative to `lessons/`. */
export function prosePath(lesson: Pick<Lesson, 'id'>, step: Pick<Step, 'prose'>): string {
  return `${lesson.id}/${step.prose}`;
}

const LESSON_ID = /^\d\d-[a-z0-9]+(?:-[a-z0-9]+)*$/;
const STEP_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function checkProblems(check: Check, where: string): string[] {
  if (check.kind === 'all') {
    if (check.checks.length === 0) return [`${where}: an "all" check needs at least one check`];
    return check.checks.flatMap((c) => checkProblems(c, where));
  }
  return [];
}

/** Everything wrong with `lessons` (empty when they are valid). `read` finds the prose. */
export function validateLessons(lessons: readonly Lesson[], read: ReadLessonFile): string[] {
  const problems: string[] = [];
  const lessonIds = new Set<string>();
  for (const lesson of lessons) {
    if (!LESSON_ID.test(lesson.id)) problems.push(`lesson "${lesson.id}": the id must look like 03-multi-stage`);
    if (lessonIds.has(lesson.id)) problems.push(`lesson "${lesson.id}": duplicate id`);
    lessonIds.add(lesson.id);
    if (!lesson.title.trim()) problems.push(`lesson "${lesson.id}": no title`);
    if (!lesson.summary.trim()) problems.push(`lesson "${lesson.id}": no summary`);
    if (lesson.steps.length === 0) problems.push(`lesson "${lesson.id}": no steps`);
    const stepIds = new Set<string>();
    const proseFiles = new Set<string>();
    for (const step of lesson.steps) {
      const where = `${lesson.id}/${step.id}`;
      if (!STEP_ID.test(step.id)) problems.push(`${where}: the step id must be lowercase words joined by "-"`);
      if (stepIds.has(step.id)) problems.push(`${where}: duplicate step id`);
      stepIds.add(step.id);
      if (!step.title.trim()) problems.push(`${where}: no title`);
      if (step.commands.length === 0) problems.push(`${where}: no commands`);
      // the programs each command runs are checked by the lessons' tests (engine/lessons/commands.ts)
      for (const c of step.commands) if (c.trim() === '') problems.push(`${where}: an empty command`);
      if (!step.hint.trim()) problems.push(`${where}: no hint`);
      problems.push(...checkProblems(step.check, where));
      const paths = step.solution.map((f) => f.path);
      if (!paths.includes('Dockerfile')) problems.push(`${where}: the solution has no Dockerfile`);
      if (new Set(paths).size !== paths.length) problems.push(`${where}: the solution lists a file twice`);
      for (const f of step.solution) if (!f.text.trim()) problems.push(`${where}: the solution's ${f.path} is empty`);
      if (proseFiles.has(step.prose)) problems.push(`${where}: prose ${step.prose} is shared with another step`);
      proseFiles.add(step.prose);
      const text = read(prosePath(lesson, step));
      if (text === undefined) problems.push(`${where}: prose file ${prosePath(lesson, step)} does not exist`);
      else if (!text.trim()) problems.push(`${where}: prose file ${prosePath(lesson, step)} is empty`);
    }
  }
  return problems;
}

/** Validate the lessons and read their prose; throws `EngineError` (`lessons-invalid`) listing every problem. */
export function loadLessons(read: ReadLessonFile, lessons: readonly Lesson[]): LoadedLesson[] {
  const problems = validateLessons(lessons, read);
  if (problems.length > 0) throw new EngineError('lessons-invalid', `invalid lessons:\n${problems.join('\n')}`, [], { problems });
  return lessons.map((lesson) => ({
    ...lesson,
    steps: lesson.steps.map((step) => ({ ...step, markdown: read(prosePath(lesson, step))! })),
  }));
}

/** A step by its deep link (`03-multi-stage/targets`). */
export function findStep<L extends Pick<Lesson, 'id' | 'steps'>>(lessons: readonly L[], link: string): { lesson: L; step: L['steps'][number]; index: number } | undefined {
  const [lessonId, stepId] = link.split('/');
  const lesson = lessons.find((l) => l.id === lessonId);
  if (!lesson) return undefined;
  const index = stepId === undefined || stepId === '' ? 0 : lesson.steps.findIndex((s) => s.id === stepId);
  const step = lesson.steps[index];
  return step ? { lesson, step, index } : undefined;
}

/**
 * The Dockerfile a step starts from: the previous step's solution (across lessons), or
 * undefined for the very first step, where the learner writes one from scratch.
 */
export function startingDockerfile(lessons: readonly Pick<Lesson, 'id' | 'steps'>[], link: string): string | undefined {
  const steps = lessons.flatMap((l) => l.steps.map((s) => ({ link: `${l.id}/${s.id}`, s })));
  const found = findStep(lessons, link);
  if (!found) return undefined;
  const at = steps.findIndex((x) => x.link === `${found.lesson.id}/${found.step.id}`);
  return at > 0 ? steps[at - 1]!.s.solution.find((f) => f.path === 'Dockerfile')?.text : undefined;
}

/**
 * A `ReadLessonFile` over bundled files keyed by any path that ends in `lessons/<rel>`,
 * e.g. Vite's `import.meta.glob('/lessons/*\/*.md', { query: '?raw', import: 'default', eager: true })`.
 */
export function readerFromFiles(files: Readonly<Record<string, string>>): ReadLessonFile {
  const byRel = new Map<string, string>();
  for (const [key, text] of Object.entries(files)) {
    const at = key.lastIndexOf('lessons/');
    if (at >= 0) byRel.set(key.slice(at + 'lessons/'.length), text);
  }
  return (rel) => byRel.get(rel);
}
