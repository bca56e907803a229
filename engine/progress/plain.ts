import type { BuildEvent } from './events.ts';
import { progressBytes } from './bytes.ts';

interface VertexState {
  readonly index: number;
  readonly name: string;
  readonly started: number;
  completed?: number;
  /** A log line was left without its newline. */
  partial: boolean;
  /** Running status rows printed so far (by id). */
  readonly running: Set<string>;
}

/**
 * BuildKit's `--progress=plain` printer (progressui textMux), fed events in order:
 * `#N name` headers, `#N 0.234 output` log lines (seconds since the vertex started,
 * 3 decimals under 10 s, 2 under 100 s), status rows, and `#N DONE 1.2s` / `#N CACHED` /
 * `#N ERROR: ...` / `#N CANCELED`. Switching to another vertex while one is still running
 * prints `#N ...` first, so parallel stages interleave exactly as BuildKit shows them.
 */
export class PlainPrinter {
  private readonly vertexes = new Map<number, VertexState>();
  private current: number | undefined;
  private notFirst = false;

  constructor(private readonly write: (text: string) => void) {}

  push(ev: BuildEvent): void {
    switch (ev.kind) {
      case 'vertex-start': {
        if (this.vertexes.has(ev.vertex)) return;
        this.vertexes.set(ev.vertex, { index: ev.vertex, name: ev.name, started: ev.t, partial: false, running: new Set() });
        this.focus(ev.vertex);
        return;
      }
      case 'vertex-log': {
        const v = this.focus(ev.vertex);
        if (!v) return;
        const parts = ev.data.split('\n');
        const complete = ev.data.endsWith('\n');
        if (complete) parts.pop();
        parts.forEach((line, i) => {
          if (i === 0 && v.partial) {
            this.write(line);
          } else {
            if (v.partial) this.write('\n');
            this.write(`#${v.index} ${logTime(ev.t - v.started)} ${line}`);
          }
          v.partial = true;
          if (i < parts.length - 1 || complete) {
            this.write('\n');
            v.partial = false;
          }
        });
        return;
      }
      case 'vertex-status': {
        const v = this.focus(ev.vertex);
        if (!v) return;
        if (v.partial) {
          this.write('\n');
          v.partial = false;
        }
        // a running row without bytes is printed once (its ticks are for the tty view's timer)
        if (ev.completed === undefined && !ev.total && !ev.current) {
          if (v.running.has(ev.id)) return;
          v.running.add(ev.id);
        }
        let bytes = '';
        if (ev.total) bytes = ` ${progressBytes(ev.current ?? 0)} / ${progressBytes(ev.total)}`;
        else if (ev.current) bytes = ` ${progressBytes(ev.current)}`;
        let tm = '';
        const end = ev.completed ?? ev.t;
        const diff = (end - ev.started) / 1000;
        if (diff > 0.01) tm = ` ${diff.toFixed(1)}s`;
        if (ev.completed !== undefined) tm += ' done';
        this.write(`#${v.index} ${ev.id}${bytes}${tm}\n`);
        return;
      }
      case 'vertex-done': {
        const v = this.focus(ev.vertex);
        if (!v) return;
        if (v.partial) {
          this.write('\n');
          v.partial = false;
        }
        v.completed = ev.t;
        if (ev.canceled) this.write(`#${v.index} CANCELED\n`);
        else if (ev.error !== undefined) this.write(`#${v.index} ERROR: ${ev.error}\n`);
        else if (ev.cached) this.write(`#${v.index} CACHED\n`);
        else this.write(`#${v.index} DONE ${((ev.t - v.started) / 1000).toFixed(1)}s\n`);
        this.current = undefined;
        return;
      }
      case 'warning':
        return;
    }
  }

  /** Make `vertex` the one being printed, with BuildKit's `#N ...` hand-over. */
  private focus(vertex: number): VertexState | undefined {
    const v = this.vertexes.get(vertex);
    if (!v) return undefined;
    if (this.current !== vertex) {
      if (this.current !== undefined) {
        const old = this.vertexes.get(this.current)!;
        if (old.partial) {
          this.write('\n');
          old.partial = false;
        }
        this.write(`#${old.index} ...\n`);
      }
      if (this.notFirst) this.write('\n');
      this.notFirst = true;
      this.write(`#${v.index} ${v.name}\n`);
      this.current = vertex;
    }
    return v;
  }
}

/** Seconds since the vertex started, as BuildKit prefixes log lines. */
export function logTime(ms: number): string {
  const sec = Math.max(0, ms) / 1000;
  return sec.toFixed(sec < 10 ? 3 : sec < 100 ? 2 : 1);
}
