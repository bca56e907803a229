/**
 * Errors across comlink. The default `throw` handler keeps only name, message and stack,
 * so an `EngineError` would lose its `code`, ranges and data; this one sends
 * `EngineError.toJSON()` and revives it with `fromJSON` on the other side. A cancel comes
 * back as a `CanceledError`, so the build still tells a sibling's cancel from the failure
 * that caused it (`runStages` reports the failure).
 */
import { transferHandlers } from 'comlink';
import type { TransferHandler } from 'comlink';
import { EngineError } from '#engine/source';
import { CanceledError } from '#engine/exec';
import type { WireError } from './protocol.ts';

interface Thrown {
  readonly value: unknown;
}

/** comlink marks a thrown value with its (unexported) `Comlink.thrown` symbol. */
function isThrown(v: unknown): v is Thrown {
  return typeof v === 'object' && v !== null && Object.getOwnPropertySymbols(v).some((s) => s.description === 'Comlink.thrown');
}

const handler: TransferHandler<Thrown, WireError> = {
  canHandle: isThrown,
  serialize({ value }) {
    if (value instanceof EngineError) return [{ engine: value.toJSON() }, []];
    if (!(value instanceof Error)) return [{ other: value }, []];
    const e = value as Error;
    return [{ plain: { name: e.name, message: e.message, ...(e.stack ? { stack: e.stack } : {}) } }, []];
  },
  deserialize(w) {
    if ('engine' in w) throw w.engine.code === 'canceled' ? new CanceledError() : EngineError.fromJSON(w.engine);
    if ('other' in w) throw w.other;
    throw Object.assign(new Error(w.plain.message), { name: w.plain.name, ...(w.plain.stack ? { stack: w.plain.stack } : {}) });
  },
};

/** Installs the handler (idempotent); both ends of a comlink link must call it. */
export function registerErrorTransfer(): void {
  transferHandlers.set('throw', handler as TransferHandler<unknown, unknown>);
}
