import { describe, expect, it } from 'vitest';
import type { BuildEvent } from '#engine/progress';
import type { BuildView } from './panel-data.ts';
import { applyReport } from './report.ts';

const start = (vertex: number): BuildEvent => ({ kind: 'vertex-start', vertex, name: `step ${vertex}`, t: 0 }) as BuildEvent;
const log = (vertex: number, text: string): BuildEvent => ({ kind: 'vertex-log', vertex, stream: 1, text, t: 1 }) as unknown as BuildEvent;

describe('applyReport', () => {
  const view: BuildView = { id: 2, command: 'docker build .', dockerfile: 'FROM scratch\n', platforms: [], events: [], status: 'running' };

  it('starts a view, appends its events, ends it; ignores another build\'s reports', () => {
    let v = applyReport(undefined, { kind: 'build-start', view });
    v = applyReport(v, { kind: 'build-events', id: 2, events: [start(1)] });
    v = applyReport(v, { kind: 'build-events', id: 1, events: [start(9)] });
    v = applyReport(v, { kind: 'build-events', id: 2, events: [log(1, 'x')] });
    expect(v!.events).toEqual([start(1), log(1, 'x')]);
    const same = applyReport(v, { kind: 'store-changed' });
    expect(same).toBe(v);
    const rec = { command: '', ok: false, tags: [], images: [], events: [], outputs: [] };
    v = applyReport(v, { kind: 'build-end', id: 2, status: 'failed', error: 'boom', record: rec });
    expect(v).toMatchObject({ status: 'failed', error: 'boom', events: [start(1), log(1, 'x')] });
  });
});
