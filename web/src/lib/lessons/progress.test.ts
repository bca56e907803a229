import { describe, expect, it } from 'vitest';
import { afterWorkspaceReset, EMPTY_PROGRESS, parseProgress, serializeProgress, stepStatus, withPassed } from './progress.ts';
import { hashForLink, linkFromHash } from './deep-link.ts';

const known = new Set(['01-introduction/single-stage', '03-multi-stage/scratch', '03-multi-stage/targets']);

describe('progress', () => {
  it('round-trips through its stored form and drops steps that no longer exist', () => {
    const p = withPassed(withPassed({ ...EMPTY_PROGRESS, current: '03-multi-stage/targets' }, '03-multi-stage/scratch'), '03-multi-stage/scratch');
    expect(p.passed).toEqual(['03-multi-stage/scratch']);
    expect(parseProgress(serializeProgress(p), known)).toEqual(p);
    const stale = JSON.stringify({ current: '99-gone/x', passed: ['99-gone/x', '01-introduction/single-stage', 3], keepOnReset: true });
    expect(parseProgress(stale, known)).toEqual({ current: null, passed: ['01-introduction/single-stage'], keepOnReset: true });
    expect(parseProgress('{not json', known)).toEqual(EMPTY_PROGRESS);
    expect(parseProgress('null', known)).toEqual(EMPTY_PROGRESS);
    expect(parseProgress(null, known)).toEqual(EMPTY_PROGRESS);
  });

  it('survives a workspace reset only when the learner chose so', () => {
    const p = withPassed({ ...EMPTY_PROGRESS, current: '03-multi-stage/scratch' }, '03-multi-stage/scratch');
    expect(afterWorkspaceReset(p)).toEqual(EMPTY_PROGRESS);
    expect(afterWorkspaceReset({ ...p, keepOnReset: true })).toEqual({ ...p, keepOnReset: true });
  });

  it('names each step\'s status in words', () => {
    const p = withPassed({ ...EMPTY_PROGRESS, current: '03-multi-stage/targets' }, '03-multi-stage/scratch');
    expect(stepStatus(p, '03-multi-stage/scratch')).toBe('done');
    expect(stepStatus(p, '03-multi-stage/targets')).toBe('current');
    expect(stepStatus(withPassed(p, '03-multi-stage/targets'), '03-multi-stage/targets')).toBe('current, done');
    expect(stepStatus(p, '01-introduction/single-stage')).toBe('to do');
  });
});

describe('deep links', () => {
  it('read and write #/lesson/<lesson>/<step>', () => {
    expect(linkFromHash('#/lesson/03-multi-stage/targets')).toBe('03-multi-stage/targets');
    expect(linkFromHash('#/lesson/03-multi-stage')).toBe('03-multi-stage');
    expect(linkFromHash('#/lesson/03-multi-stage/')).toBe('03-multi-stage');
    expect(linkFromHash('#/lesson/')).toBeUndefined();
    expect(linkFromHash('#/lesson/a/b/c')).toBeUndefined();
    expect(linkFromHash('#/lesson/%E0%A4%A')).toBeUndefined();
    expect(linkFromHash('#share=abc')).toBeUndefined();
    expect(hashForLink('03-multi-stage/targets')).toBe('#/lesson/03-multi-stage/targets');
    expect(linkFromHash(hashForLink('a b/c'))).toBe('a b/c');
  });
});
