/**
 * BuildKit's limit on a step's log (util/progress/logs): each stream (stdout, stderr)
 * passes its first 2 MiB; the chunk that crosses it is cut there and followed by
 * `[output clipped, log limit 2MiB reached]`, and from then on what the process writes
 * goes to a ring of its last 256 KiB, which is written out when the process ends (so the
 * end of a long log, where an error usually is, is still shown). BuildKit also limits the
 * speed (200 KiB per second of real time); step times are modeled here, so that one is not.
 */

/** Bytes of each stream a step's log passes (BuildKit's `defaultMaxLogSize`). */
export const STEP_LOG_LIMIT = 2 * 1024 * 1024;
/** Bytes of the end of the output kept once clipping starts (BuildKit's ring buffer). */
export const STEP_LOG_TAIL = 256 * 1024;

type Stream = 'stdout' | 'stderr';
const utf8 = new TextEncoder();
const text = new TextDecoder();

interface StreamState {
  size: number;
  clipping: boolean;
  /** The last `STEP_LOG_TAIL` bytes written since clipping started (as BuildKit's circbuf). */
  tail?: Uint8Array;
}

/** A step's log writer with BuildKit's limit; call `flush` when the process ends. */
export function limitedLog(log: (data: string, stream: Stream) => void, limit = STEP_LOG_LIMIT, tailBytes = STEP_LOG_TAIL): {
  log(data: string, stream: Stream): void;
  flush(): void;
} {
  const state: Record<Stream, StreamState> = { stdout: { size: 0, clipping: false }, stderr: { size: 0, clipping: false } };
  const message = `\n[output clipped, log limit ${limit / (1024 * 1024)}MiB reached]\n`;
  return {
    log(data, stream) {
      if (data === '') return;
      const s = state[stream];
      const bytes = utf8.encode(data);
      const old = s.size;
      s.size += bytes.byteLength;
      const allowed = limit < old ? 0 : s.size > limit ? limit - old : bytes.byteLength;
      if (s.tail === undefined && allowed < bytes.byteLength) s.tail = new Uint8Array(0);
      if (s.tail !== undefined) s.tail = lastBytes(s.tail, bytes, tailBytes);
      let out = allowed === bytes.byteLength ? data : text.decode(bytes.subarray(0, allowed));
      if (!s.clipping && allowed !== bytes.byteLength) {
        out += message;
        s.clipping = true;
      }
      if (out !== '') log(out, stream);
    },
    flush() {
      for (const stream of ['stdout', 'stderr'] as const) {
        const s = state[stream];
        if (s.tail !== undefined && s.tail.byteLength > 0) log(text.decode(s.tail), stream);
        s.tail = undefined;
      }
    },
  };
}

/** The last `n` bytes of `a` followed by `b`. */
function lastBytes(a: Uint8Array, b: Uint8Array, n: number): Uint8Array {
  if (b.byteLength >= n) return b.slice(b.byteLength - n);
  const keep = Math.min(a.byteLength, n - b.byteLength);
  const out = new Uint8Array(keep + b.byteLength);
  out.set(a.subarray(a.byteLength - keep));
  out.set(b, keep);
  return out;
}
