/**
 * The course: every lesson's manifest, in the guide's order. Each chapter's folder holds
 * its `lesson.ts` and the Markdown of its steps; `engine/lessons` validates them, reads the
 * prose (`loadLessons`) and evaluates the checks.
 */
import type { Lesson } from '#engine/lessons';
import { lesson as introduction } from './01-introduction/lesson.ts';
import { lesson as layers } from './02-layers/lesson.ts';
import { lesson as multiStage } from './03-multi-stage/lesson.ts';
import { lesson as mounts } from './04-mounts/lesson.ts';
import { lesson as buildArguments } from './05-build-arguments/lesson.ts';
import { lesson as exportBinaries } from './06-export-binaries/lesson.ts';
import { lesson as test } from './07-test/lesson.ts';
import { lesson as multiPlatform } from './08-multi-platform/lesson.ts';
import { lesson as whatYouBuilt } from './09-what-you-built/lesson.ts';

/** Every lesson's manifest, in order. */
export const LESSONS: readonly Lesson[] = [
  introduction, layers, multiStage, mounts, buildArguments, exportBinaries, test, multiPlatform, whatYouBuilt,
];
