import { describe, expect, it } from 'vitest';
import { build, image } from '#engine/lessons/fixture.test-util';
import { COURSE } from './course.ts';
import { LessonRunner } from './LessonRunner.svelte.ts';
import type { ProgressStorage } from './progress.ts';

/** What the scratch step's server image prints when it runs (the check runs it). */
const serves = { exitCode: 0, output: 'Version: 0.0.0+unknown\nStarting server...\nListening on HTTP port 3000\n' };

const memory = (initial: string | null = null): ProgressStorage & { text: string | null } => {
  const s = { text: initial, read: () => s.text, write: (t: string) => void (s.text = t) };
  return s;
};

describe('LessonRunner', () => {
  it('loads every lesson with its prose from the bundle', () => {
    expect(COURSE.map((l) => l.id)).toContain('03-multi-stage');
    for (const l of COURSE) for (const s of l.steps) expect(s.markdown.trim().length, `${l.id}/${s.id}`).toBeGreaterThan(50);
  });

  it('opens the deep link, else the saved step, else the first step, and moves across lessons', () => {
    expect(new LessonRunner(COURSE, memory()).link).toBe('01-introduction/single-stage');
    const store = memory();
    const r = new LessonRunner(COURSE, store, '03-multi-stage');
    expect(r.link).toBe('03-multi-stage/scratch');
    expect(r.open.step.title).toBe('Ship only the binaries');
    expect(r.hash).toBe('#/lesson/03-multi-stage/scratch');
    expect(r.previousLink).toBe('02-layers/cache-order');
    expect(r.goTo('nope/x')).toBe(false);
    r.goTo(r.nextLink!);
    expect(r.link).toBe('03-multi-stage/parallel');
    expect(new LessonRunner(COURSE, store).link).toBe('03-multi-stage/parallel');
    expect(new LessonRunner(COURSE, store, '04-mounts/bind-mounts').link).toBe('04-mounts/bind-mounts');
    expect(new LessonRunner(COURSE, memory(), '09-what-you-built/recap').nextLink).toBeUndefined();
  });

  it('checks the open step against the records, explains what is missing, and saves a pass', () => {
    const store = memory();
    const r = new LessonRunner(COURSE, store, '03-multi-stage/scratch');
    const failed = r.check({ builds: [], runs: [] });
    expect(failed.ok).toBe(false);
    expect(failed.explanation).toMatch(/build/);
    expect(r.progress.passed).toEqual([]);
    const scratch = image('buildme', { size: 8_460_000, files: ['/bin', '/bin/client', '/bin/server'], run: serves });
    expect(r.check({ builds: [build({ images: [scratch] })], runs: [] }).ok).toBe(true);
    expect(r.result?.ok).toBe(true);
    expect(new LessonRunner(COURSE, store).progress.passed).toEqual(['03-multi-stage/scratch']);
    r.goTo('03-multi-stage/targets');
    expect(r.result).toBeNull();
  });

  it('forgets progress on a workspace reset unless asked to keep it', () => {
    const r = new LessonRunner(COURSE, memory(), '03-multi-stage/scratch');
    const scratch = image('buildme', { size: 8_460_000, files: ['/bin/client', '/bin/server'], run: serves });
    r.check({ builds: [build({ images: [scratch] })], runs: [] });
    r.setKeepOnReset(true);
    r.workspaceReset();
    expect(r.progress.passed).toEqual(['03-multi-stage/scratch']);
    expect(r.link).toBe('03-multi-stage/scratch');
    r.setKeepOnReset(false);
    r.workspaceReset();
    expect(r.progress.passed).toEqual([]);
    expect(r.link).toBe('01-introduction/single-stage');
  });
});
