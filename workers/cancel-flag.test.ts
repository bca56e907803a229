import { describe, expect, it } from 'vitest';
import { cancelFlag, watchFlag } from './cancel-flag.ts';

describe('cancel flags', () => {
  it('aborts the watched controller at the first read of any signal after the flag is raised, and fires abort once', () => {
    const flag = cancelFlag();
    const ac = new AbortController();
    const unwatch = watchFlag(ac, flag.buffer);
    // the engine's own controller, chained by event as build() chains the caller's signal
    const inner = new AbortController();
    ac.signal.addEventListener('abort', () => inner.abort());
    let fired = 0;
    ac.signal.addEventListener('abort', () => fired++);
    expect(inner.signal.aborted).toBe(false);
    flag.set();
    expect(fired).toBe(0);
    // a read deep in a step, of the inner signal, sees the raised flag
    expect(inner.signal.aborted).toBe(true);
    expect(ac.signal.aborted).toBe(true);
    expect(fired).toBe(1);
    unwatch();
  });

  it('stops watching when asked', () => {
    const flag = cancelFlag();
    const ac = new AbortController();
    watchFlag(ac, flag.buffer)();
    flag.set();
    expect(ac.signal.aborted).toBe(false);
  });

  it('does nothing without shared memory', () => {
    const ac = new AbortController();
    watchFlag(ac, undefined)();
    expect(ac.signal.aborted).toBe(false);
  });
});
