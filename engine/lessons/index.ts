/**
 * Lessons: the model of the guide's chapters (the course itself is `lessons/index.ts`:
 * `lessons/<nn>-<name>/lesson.ts` + Markdown), loading their prose, the checks "check my work" evaluates, and the plain-data build summaries they read.
 */
export type * from './types.ts';
export { evaluateCheck } from './checks.ts';
export { loadLessons, validateLessons, findStep, startingDockerfile, prosePath, readerFromFiles, type LoadedLesson, type LoadedStep, type ReadLessonFile } from './load.ts';
export { buildRecord, imageFiles, platformString, type BuildOutcome } from './record.ts';
export { buildRequestFor, runRecordedBuild, type BuildFn, type BuildInput } from './run.ts';
export { normalizeRef, displayRef, vertexes, pickBuild, findImage, findRun, buildLog, type VertexSummary } from './history.ts';
export { lessonCommands, type LessonCommand } from './commands.ts';
export { runRecordedContainerCommand, type RecordedCommand } from './container-record.ts';
