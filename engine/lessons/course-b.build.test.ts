import { describe, expect, it } from 'vitest';
import { LESSONS } from '../../lessons/index.ts';
import { findStep } from './load.ts';
import { Walker } from './walk.test-util.ts';

/**
 * The course built for real on lessons/project, part 2: Mounts to Multi-platform, in one
 * learner session.
 */
const walker = new Walker();

/**
 * Steps the engine cannot pass yet, and why. A test below keeps them honest: once one
 * passes, it fails until the step moves back into the walk.
 */
const NOT_YET: Readonly<Record<string, string>> = {
};

const steps = ['04-mounts', '05-build-arguments', '06-export-binaries', '07-test', '08-multi-platform']
  .flatMap((id) => LESSONS.find((l) => l.id === id)!.steps.map((s) => `${id}/${s.id}`));

describe('the lessons, built: mounts, build arguments, export, test, multi-platform', () => {
  it.each(steps.filter((s) => !(s in NOT_YET)))('%s: the solution passes the step\'s check', async (link) => {
    const step = findStep(LESSONS, link)!.step;
    const before = walker.builds.length;
    const r = await walker.step(step);
    expect(r.ok, r.explanation).toBe(true);
    if (walker.builds.length > before) expect(walker.lastWarnings()).toEqual(step.warnings);
  }, 60_000);

  it.each(Object.keys(NOT_YET))('%s does not pass yet (see NOT_YET; remove it there once it does)', async (link) => {
    const r = await walker.step(findStep(LESSONS, link)!.step);
    expect(r.ok, NOT_YET[link]).toBe(false);
  }, 60_000);
});
