import { afterEach, describe, expect, it, vi } from 'vitest';
import { BuildPreviewState, PREVIEW_DEBOUNCE_MS } from './build-preview.svelte.ts';
import { projectFiles } from './fixtures.test-util.ts';
import { previewBuild } from './preview.ts';

const files = projectFiles();
const compute = (line: string) => previewBuild(line, (p) => files.get(p));

afterEach(() => vi.useRealTimers());

describe('BuildPreviewState', () => {
  it('previews the line once typing pauses (the latest line wins) and clears at once when it is emptied', () => {
    vi.useFakeTimers();
    const s = new BuildPreviewState();
    let calls = 0;
    const counted = (l: string) => (calls++, compute(l));
    s.schedule('docker build --target=cl', counted);
    vi.advanceTimersByTime(PREVIEW_DEBOUNCE_MS - 1);
    s.schedule('docker build --target=client', counted);
    vi.advanceTimersByTime(PREVIEW_DEBOUNCE_MS - 1);
    expect(s.current).toBeUndefined();
    vi.advanceTimersByTime(1);
    expect(calls).toBe(1);
    expect(s.current?.target).toBe('client');
    s.clear();
    expect(s.current).toBeUndefined();
    s.schedule('ls', counted);
    vi.advanceTimersByTime(PREVIEW_DEBOUNCE_MS);
    expect(s.current).toBeUndefined();
  });

  it('never lets a failing preview break the terminal', () => {
    vi.useFakeTimers();
    const s = new BuildPreviewState();
    s.schedule('docker build .', () => {
      throw new Error('boom');
    });
    vi.advanceTimersByTime(PREVIEW_DEBOUNCE_MS);
    expect(s.current).toBeUndefined();
  });
});
