/**
 * Test helpers: reading `lessons/` from disk, and hand-made builds for the evaluator.
 * (Not a test file: vitest only collects `*.test.ts`.)
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { REPO_ROOT } from '../testing/shared.ts';
import type { BuildEvent, CacheCause } from '../progress/events.ts';
import type { ReadLessonFile } from './load.ts';
import type { BuildRecord, ImageRecord } from './types.ts';

/** `lessons/` in this checkout. */
export const LESSONS_DIR = resolve(REPO_ROOT, 'lessons');

/** Reads lesson files from disk. */
export const readLessonFile: ReadLessonFile = (rel) => {
  const p = resolve(LESSONS_DIR, rel);
  return existsSync(p) ? readFileSync(p, 'utf8') : undefined;
};

/** One step of a hand-made build: name, stage, modeled start/end, cached or failed. */
export interface FakeStep {
  readonly name: string;
  readonly stage?: string;
  readonly start: number;
  readonly end: number;
  readonly cached?: boolean;
  readonly error?: string;
  readonly log?: string;
  readonly cause?: CacheCause;
}

/** Events for `steps`, numbered in order, starts and ends interleaved by time. */
export function eventsOf(steps: readonly FakeStep[]): BuildEvent[] {
  const events: BuildEvent[] = [];
  steps.forEach((s, i) => {
    const vertex = i + 1;
    events.push({ kind: 'vertex-start', vertex, name: s.name, t: s.start, ...(s.stage ? { stage: s.stage } : {}) });
    if (s.log) events.push({ kind: 'vertex-log', vertex, data: s.log, stream: 'stdout', t: s.start + 1 });
    events.push({ kind: 'vertex-done', vertex, t: s.end, ...(s.cached ? { cached: true } : {}), ...(s.error ? { error: s.error } : {}), ...(s.cause ? { cause: s.cause } : {}) });
  });
  return events.sort((a, b) => ('t' in a ? a.t : 0) - ('t' in b ? b.t : 0));
}

/** An image record with defaults (a 4MB server image). */
export function image(ref: string, over: Partial<ImageRecord> = {}): ImageRecord {
  return { ref, size: 4_200_000, entrypoint: ['/bin/server'], files: ['/bin', '/bin/server'], platforms: ['linux/amd64'], ...over };
}

/** A successful build record with defaults. */
export function build(over: Partial<BuildRecord> & { steps?: readonly FakeStep[] } = {}): BuildRecord {
  const { steps = [], ...rest } = over;
  return { command: 'docker build .', ok: true, tags: [], images: [], events: eventsOf(steps), outputs: [], ...rest };
}
