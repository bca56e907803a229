import { describe, expect, it } from 'vitest';
import { build } from '../build/index.ts';
import { testDeps } from '../build/testing/project.ts';
import { limitedLog, STEP_LOG_LIMIT, STEP_LOG_TAIL } from './log-limit.ts';

/** What a limited writer passes on, by stream. */
function capture(limit: number, tail: number) {
  const out = { stdout: '', stderr: '' };
  const w = limitedLog((data, stream) => (out[stream] += data), limit, tail);
  return { out, w };
}

describe("a step's log, limited as BuildKit's util/progress/logs does", () => {
  it('passes each stream whole up to the limit', () => {
    const { out, w } = capture(10, 4);
    w.log('0123456789', 'stdout');
    w.log('abc', 'stderr');
    w.flush();
    expect(out).toEqual({ stdout: '0123456789', stderr: 'abc' });
  });

  it('cuts the chunk that crosses the limit, says so once, and writes the last bytes when the process ends', () => {
    const { out, w } = capture(10, 4);
    w.log('01234567', 'stdout');
    w.log('89ABCD', 'stdout');
    w.log('EFGH', 'stdout');
    w.log('IJ', 'stdout');
    expect(out.stdout).toBe(`0123456789\n[output clipped, log limit ${10 / (1024 * 1024)}MiB reached]\n`);
    w.flush();
    // the ring holds the last 4 bytes written since clipping started
    expect(out.stdout.endsWith('reached]\nGHIJ')).toBe(true);
  });

  it('a RUN printing 2.7 MB: the first 2 MiB, the clipped line, then the last 256 KiB, as BuildKit prints it', async () => {
    let log = '';
    await build({ dockerfile: 'FROM busybox\nRUN seq 1 400000\n', context: [] }, testDeps(), {
      onEvent: (e) => {
        if (e.kind === 'vertex-log') log += e.data;
      },
    });
    const all = Array.from({ length: 400_000 }, (_, i) => `${i + 1}\n`).join('');
    const at = log.indexOf('\n[output clipped, log limit 2MiB reached]\n');
    expect(at).toBe(STEP_LOG_LIMIT);
    expect(log.slice(0, at)).toBe(all.slice(0, STEP_LOG_LIMIT));
    const rest = log.slice(at + '\n[output clipped, log limit 2MiB reached]\n'.length);
    expect(rest).toBe(all.slice(all.length - STEP_LOG_TAIL));
    expect(rest.endsWith('399999\n400000\n')).toBe(true);
  }, 60_000);
});
