/**
 * The lessons as the web app ships them: every manifest (imported by the engine's loader)
 * joined with its Markdown prose, bundled at build time so lessons work offline.
 */
import { loadLessons, readerFromFiles, type LoadedLesson } from '#engine/lessons/load';
import { LESSONS } from '../../../../lessons/index.ts';

const prose = import.meta.glob<string>('../../../../lessons/*/*.md', { query: '?raw', import: 'default', eager: true });

/** Every lesson, validated, in the guide's order. */
export const COURSE: readonly LoadedLesson[] = loadLessons(readerFromFiles(prose), LESSONS);

/** Every step's link (`<lesson-id>/<step-id>`), in course order. */
export function stepLinks(lessons: readonly LoadedLesson[]): string[] {
  return lessons.flatMap((l) => l.steps.map((s) => `${l.id}/${s.id}`));
}
