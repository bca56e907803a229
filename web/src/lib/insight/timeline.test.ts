import { beforeAll, describe, expect, it } from 'vitest';
import type { BuildEvent } from '#engine/progress';
import { criticalStages, stageDurations } from './critical-path.ts';
import { PARALLEL } from '../../../../lessons/dockerfiles.ts';
import { buildEvents, step } from './fixtures.test-util.ts';
import { stageGraph } from './stage-graph.ts';
import { formatMs, ticks, timeline } from './timeline.ts';


describe('timeline', () => {
  it('puts each worker on its own row, main first, and overlapping steps on separate lanes', () => {
    const ev = [
      ...step(1, '[internal] load build definition from Dockerfile', 0, 10),
      ...step(2, '[a 1/1] RUN one', 10, 100, { stage: 'a', worker: 2 }),
      ...step(3, '[b 1/1] RUN two', 10, 60, { stage: 'b', worker: 1 }),
      ...step(4, '[c 1/1] RUN three', 20, 50, { stage: 'c', worker: 1 }),
      ...step(5, '[d 1/1] RUN four', 60, 70, { stage: 'd', worker: 1, cached: true }),
    ];
    const t = timeline(ev, 'modeled', new Set(['a']));
    expect(t.rows).toEqual([
      { worker: 0, label: 'main', firstLane: 0, lanes: 1 },
      { worker: 1, label: 'worker 1', firstLane: 1, lanes: 2 },
      { worker: 2, label: 'worker 2', firstLane: 3, lanes: 1 },
    ]);
    expect(t.bars.map((b) => b.lane)).toEqual([0, 3, 1, 2, 1]);
    expect(t.bars.map((b) => b.critical)).toEqual([true, true, false, false, false]);
    expect(t.bars[4]!.cached).toBe(true);
    expect(t.span).toBe(100);
  });

  it('switches to real time when every step has it, and falls back to modeled otherwise', () => {
    const ev = [...step(1, '[a 1/1] RUN x', 0, 5000, { stage: 'a', real: [3, 40] }), ...step(2, '[a 1/1] RUN y', 5000, undefined, { stage: 'a', real: [41, 0] })];
    const real = timeline(ev.slice(0, 3), 'real', new Set());
    expect(real.clock).toBe('real');
    expect(real.bars.map((b) => [b.start, b.end])).toEqual([[3, 40], [41, undefined]]);
    expect(real.span).toBe(41);
    const noReal = timeline(step(1, 'x', 0, 9), 'real', new Set());
    expect([noReal.clock, noReal.hasReal, noReal.span]).toEqual(['modeled', false, 9]);
  });

  it('marks failed and canceled steps, and draws running steps to the latest time', () => {
    const ev = [...step(1, 'a', 0, 5, { error: 'exit code: 1' }), ...step(2, 'b', 0, 7, { canceled: true }), ...step(3, 'c', 1, undefined)];
    const t = timeline(ev, 'modeled', new Set());
    expect(t.bars.map((b) => [b.failed, b.canceled, b.end])).toEqual([[true, false, 5], [false, true, 7], [false, false, undefined]]);
    expect(t.span).toBe(7);
  });

  it('picks round ticks and formats them', () => {
    expect(ticks(13125)).toEqual([0, 2000, 4000, 6000, 8000, 10000, 12000]);
    expect(ticks(0)).toEqual([0]);
    expect([formatMs(850), formatMs(1500), formatMs(13125)]).toEqual(['850ms', '1.5s', '13s']);
  });
});

describe('a real build of the guide\'s parallel Dockerfile (chapter 3b)', () => {
  let events: BuildEvent[];
  beforeAll(async () => {
    events = await buildEvents(PARALLEL);
  }, 60_000);

  it('shows build-client and build-server overlapping in modeled time', () => {
    const t = timeline(events, 'modeled', new Set());
    const client = t.bars.find((b) => b.stage === 'build-client')!;
    const server = t.bars.find((b) => b.stage === 'build-server')!;
    expect(client.start).toBeLessThan(server.end!);
    expect(server.start).toBeLessThan(client.end!);
    expect(client.lane).not.toBe(server.lane);
    expect(t.lanes).toBeGreaterThanOrEqual(2);
  });

  it('follows the critical path base → the slower builder → the final stage', () => {
    const layout = stageGraph(PARALLEL);
    const d = stageDurations(events);
    const slower = d.get('build-client')! >= d.get('build-server')! ? 'build-client' : 'build-server';
    expect([...criticalStages(layout, events)]).toEqual(['base', slower, 'stage-3']);
    const t = timeline(events, 'modeled', criticalStages(layout, events));
    const other = slower === 'build-client' ? 'build-server' : 'build-client';
    expect(t.bars.filter((b) => b.stage === other).every((b) => !b.critical)).toBe(true);
    expect(t.bars.filter((b) => b.stage === undefined).every((b) => b.critical)).toBe(true);
  });

  it('has no critical path when the graph did not load', () => {
    expect(criticalStages(stageGraph(''), events).size).toBe(0);
  });
});
