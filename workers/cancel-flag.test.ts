import { describe, expect, it } from 'vitest';
import { cancelFlag, watchFlag } from './cancel-flag.ts';

describe('cancel flags', () => {
  it('aborts the watched signal on the first read after the flag is raised, and fires abort once', () => {
    const flag = cancelFlag();
    const ac = new AbortController();
    const signal = watchFlag(ac, flag.buffer);
    let fired = 0;
    signal.addEventListener('abort', () => fired++);
    expect(signal.aborted).toBe(false);
    flag.set();
    expect(fired).toBe(0);
    expect(signal.aborted).toBe(true);
    expect(signal.aborted).toBe(true);
    expect(fired).toBe(1);
  });

  it('leaves the plain signal when there is no shared memory', () => {
    const ac = new AbortController();
    expect(watchFlag(ac, undefined)).toBe(ac.signal);
  });
});
