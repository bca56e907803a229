/**
 * Lessons: the guide's chapters as data (`lessons/<nn>-<name>/lesson.ts` + Markdown), the
 * checks "check my work" evaluates, and the plain-data build summaries they read.
 */
export type * from './types.ts';
export { evaluateCheck } from './checks.ts';
export { LESSONS, loadLessons, validateLessons, findStep, startingDockerfile, prosePath, readerFromFiles, type LoadedLesson, type LoadedStep, type ReadLessonFile } from './load.ts';
export { buildRecord, imageFiles, platformString, type BuildOutcome } from './record.ts';
export { buildRequestFor, runRecordedBuild, type BuildFn, type BuildInput } from './run.ts';
export { normalizeRef, displayRef, vertexes, type VertexSummary } from './history.ts';
