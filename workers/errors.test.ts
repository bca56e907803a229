import { transferHandlers } from 'comlink';
import { describe, expect, it } from 'vitest';
import { CanceledError } from '#engine/exec';
import { ExecError } from '#engine/source';
import { registerErrorTransfer } from './errors.ts';

/** What the other end of a comlink link rethrows for `value` thrown here. */
function roundTrip(value: unknown): unknown {
  registerErrorTransfer();
  const handler = transferHandlers.get('throw')!;
  const thrown = { value, [Symbol('Comlink.thrown')]: true };
  expect(handler.canHandle(thrown)).toBe(true);
  const [wire] = handler.serialize(thrown);
  try {
    handler.deserialize(structuredClone(wire));
  } catch (e) {
    return e;
  }
  throw new Error('deserialize did not throw');
}

describe('errors across comlink', () => {
  it('keeps an EngineError subclass with its code, ranges and data', () => {
    const range = { start: { line: 8, column: 1 }, end: { line: 8, column: 30 } };
    const e = roundTrip(new ExecError('run-exit', 'exit code: 3', [range], { exitCode: 3 }));
    expect(e).toBeInstanceOf(ExecError);
    expect(e).toMatchObject({ code: 'run-exit', message: 'exit code: 3', ranges: [range], data: { exitCode: 3 } });
  });

  it('revives a cancel as a CanceledError (a sibling stage canceled by a failure is not the failure)', () => {
    const e = roundTrip(new CanceledError());
    expect(e).toBeInstanceOf(CanceledError);
    expect(e).toMatchObject({ code: 'canceled', message: 'context canceled' });
  });

  it('keeps a plain error\'s name and message', () => {
    expect(roundTrip(new TypeError('boom'))).toMatchObject({ name: 'TypeError', message: 'boom' });
  });
});
