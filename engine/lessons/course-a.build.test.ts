import { describe, expect, it } from 'vitest';
import { LESSONS } from '../../lessons/index.ts';
import { findStep } from './load.ts';
import { Walker } from './walk.test-util.ts';

/**
 * The course built for real on lessons/project, part 1: the Introduction, Layers and the
 * whole Multi-stage lesson, then the closing recap (which needs chapter 3's images). One
 * learner session: the steps run in order and share the cache.
 */
const walker = new Walker();
const steps = ['01-introduction', '02-layers', '03-multi-stage', '09-what-you-built']
  .flatMap((id) => LESSONS.find((l) => l.id === id)!.steps.map((s) => `${id}/${s.id}`));

describe('the lessons, built: introduction, layers, multi-stage, recap', () => {
  it.each(steps)('%s: the solution passes the step\'s check', async (link) => {
    const step = findStep(LESSONS, link)!.step;
    const before = walker.builds.length;
    const r = await walker.step(step);
    expect(r.ok, r.explanation).toBe(true);
    if (walker.builds.length > before) expect(walker.lastWarnings()).toEqual(step.warnings);
  }, 60_000);

  it('the seed\'s numbers have the right shape', () => {
    const size = (ref: string) => walker.builds.flatMap((b) => b.images).reverse().find((i) => i.ref === ref)!.size;
    const first = walker.builds[0]!.images[0]!;
    expect(first.size).toBeGreaterThan(100_000_000);
    expect(size('buildme')).toBeLessThan(15_000_000);
    expect(size('buildme-client')).toBeLessThan(8_000_000);
    expect(size('buildme-server')).toBeLessThan(8_000_000);
  });
});
