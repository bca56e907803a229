import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BuildEvent } from '#engine/progress';
import { eventBatch } from './event-batch.ts';

const start = (vertex: number): BuildEvent => ({ kind: 'vertex-start', vertex, name: `step ${vertex}`, t: 0 }) as BuildEvent;
const done = (vertex: number): BuildEvent => ({ kind: 'vertex-done', vertex, t: 2 }) as unknown as BuildEvent;
const log = (vertex: number, text: string): BuildEvent => ({ kind: 'vertex-log', vertex, stream: 1, text, t: 1 }) as unknown as BuildEvent;

afterEach(() => vi.useRealTimers());

describe('eventBatch', () => {
  it('sends step starts at once, holds logs up to holdMs, and flushes the rest', async () => {
    vi.useFakeTimers();
    const sent: BuildEvent[][] = [];
    const b = eventBatch((events) => sent.push(events), { holdMs: 50 });
    b.push(start(1));
    expect(sent).toEqual([[start(1)]]);
    b.push(log(1, 'a'));
    b.push(log(1, 'b'));
    vi.advanceTimersByTime(49);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sent[1]).toEqual([log(1, 'a'), log(1, 'b')]);
    b.push(log(1, 'c'));
    await b.flush();
    await b.flush();
    expect(sent).toHaveLength(3);
    vi.advanceTimersByTime(100);
    expect(sent).toHaveLength(3);
  });

  it('a step\'s end takes the logs before it along, in order', () => {
    vi.useFakeTimers();
    const sent: BuildEvent[][] = [];
    const b = eventBatch((events) => sent.push(events));
    b.push(log(1, 'a'));
    expect(sent).toEqual([]);
    b.push(done(1));
    expect(sent).toEqual([[log(1, 'a'), done(1)]]);
  });

  it('by default a log leaves on the next macrotask', () => {
    vi.useFakeTimers();
    const sent: BuildEvent[][] = [];
    const b = eventBatch((events) => sent.push(events));
    b.push(log(1, 'a'));
    b.push(log(1, 'b'));
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(0);
    expect(sent).toEqual([[log(1, 'a'), log(1, 'b')]]);
  });

  it('when no timer can fire (a CPU-bound step), a push sends once the oldest event waited maxDelayMs, or limit are waiting', () => {
    vi.useFakeTimers();
    const sent: BuildEvent[][] = [];
    const b = eventBatch((events) => sent.push(events), { holdMs: 50, maxDelayMs: 50, limit: 3 });
    b.push(log(1, 'a'));
    vi.setSystemTime(Date.now() + 49);
    b.push(log(1, 'b'));
    expect(sent).toEqual([]);
    vi.setSystemTime(Date.now() + 1);
    b.push(log(1, 'c'));
    expect(sent).toEqual([[log(1, 'a'), log(1, 'b'), log(1, 'c')]]);
    b.push(log(1, 'd'));
    vi.setSystemTime(Date.now() + 50);
    b.push(log(1, 'e'));
    expect(sent[1]).toEqual([log(1, 'd'), log(1, 'e')]);
    b.push(log(1, 'f'));
    b.push(log(1, 'g'));
    expect(sent).toHaveLength(2);
    b.push(log(1, 'h'));
    expect(sent[2]).toEqual([log(1, 'f'), log(1, 'g'), log(1, 'h')]);
  });

  it('flush resolves once the receiver handled every batch sent', async () => {
    const handled: string[] = [];
    let release = (): void => {};
    const b = eventBatch(() => new Promise<void>((r) => (release = () => (handled.push('batch'), r()))));
    b.push(start(1));
    let flushed = false;
    const f = b.flush().then(() => (flushed = true));
    await Promise.resolve();
    expect(flushed).toBe(false);
    release();
    await f;
    expect(handled).toEqual(['batch']);
  });
});
