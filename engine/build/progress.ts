/**
 * Vertex bookkeeping for a build: `#N` numbers in order of first appearance, modeled
 * times, and BuildKit's status rows. The engine never sleeps: times are computed.
 */
import type { BuildEvent, CacheCause } from '../progress/events.ts';

/** A started vertex. */
export interface Vertex {
  readonly id: number;
  readonly name: string;
  readonly started: number;
  /** Log lines so far (their times are spread over the step). */
  lines: number;
}

/** Emits vertex events with modeled times. */
export class Progress {
  private next = 1;
  /** The latest vertex of each name (a `parent-ran` cause names its vertex by name). */
  private readonly named = new Map<string, number>();

  /** @param origin the real time `realMs` counts from (default: now; a stage's progress takes its build's) */
  constructor(private readonly sink: ((e: BuildEvent) => void) | undefined, readonly origin = now()) {}

  private emit(e: BuildEvent): void {
    this.sink?.({ ...e, realMs: Math.round(now() - this.origin) } as BuildEvent);
  }

  /** Starts a vertex named `name` at modeled time `t`. */
  start(name: string, t: number, stage?: string): Vertex {
    const v: Vertex = { id: this.next++, name, started: t, lines: 0 };
    this.named.set(name, v.id);
    this.emit({ kind: 'vertex-start', vertex: v.id, name, t, ...(stage ? { stage } : {}) });
    return v;
  }

  /** A status row from `started` to `completed` (omit `completed` for one still running). */
  status(v: Vertex, id: string, started: number, completed?: number, current?: number, total?: number): void {
    this.emit({
      kind: 'vertex-status', vertex: v.id, id, t: completed ?? started, started,
      ...(completed !== undefined ? { completed } : {}),
      ...(current !== undefined ? { current } : {}),
      ...(total !== undefined ? { total } : {}),
    });
  }

  /** A status row still running at time `t` (the tty view's timer ticks on it; the plain log prints it once). */
  running(v: Vertex, id: string, started: number, t: number): void {
    this.emit({ kind: 'vertex-status', vertex: v.id, id, t, started });
  }

  /** Output of a running vertex, at modeled time `t`. */
  log(v: Vertex, data: string, stream: 'stdout' | 'stderr', t: number): void {
    v.lines++;
    this.emit({ kind: 'vertex-log', vertex: v.id, data, stream, t });
  }

  /** Vertex `v` ended at `t`; a `parent-ran` cause gets the number of the vertex it names (this progress's numbering). */
  done(v: Vertex, t: number, extra: { cached?: boolean; error?: string; canceled?: boolean; cause?: CacheCause } = {}): void {
    const c = extra.cause;
    const cause = c?.kind === 'parent-ran' ? { ...c, vertex: this.named.get(c.name) ?? c.vertex } : c;
    this.emit({ kind: 'vertex-done', vertex: v.id, t, ...extra, ...(cause ? { cause } : {}) });
  }

  warning(e: Extract<BuildEvent, { kind: 'warning' }>): void {
    this.sink?.(e);
  }
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}
