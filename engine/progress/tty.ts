import type { BuildEvent } from './events.ts';
import { progressBytes } from './bytes.ts';

interface Job {
  name: string;
  started: number;
  completed?: number;
  status?: string;
  cached?: boolean;
  error?: boolean;
  canceled?: boolean;
  subs: Job[];
  warnings: string[];
}

/**
 * BuildKit's interactive (`tty`) view as a pure function of the events so far: the
 * `[+] Building 2.3s (12/14)` header and one ` => ` row per step (`CACHED`, `ERROR`,
 * `CANCELED` prefixes, ` => => ` sub-rows for statuses, timers right-aligned). The CLI
 * redraws it in place; the web terminal renders the same frames.
 */
export class TtyView {
  private readonly jobs = new Map<number, Job>();
  private readonly order: number[] = [];
  private latest = 0;

  push(ev: BuildEvent): void {
    if (ev.kind === 'warning') return;
    this.latest = Math.max(this.latest, ev.t);
    if (ev.kind === 'vertex-start') {
      if (!this.jobs.has(ev.vertex)) {
        this.jobs.set(ev.vertex, { name: ev.name, started: ev.t, subs: [], warnings: [] });
        this.order.push(ev.vertex);
      }
      return;
    }
    const job = this.jobs.get(ev.vertex);
    if (!job) return;
    if (ev.kind === 'vertex-status') {
      let sub = job.subs.find((s) => s.name === ev.id);
      if (!sub) {
        sub = { name: ev.id, started: ev.started, subs: [], warnings: [] };
        job.subs.push(sub);
      }
      sub.completed = ev.completed;
      sub.status = ev.total ? `${progressBytes(ev.current ?? 0)} / ${progressBytes(ev.total)}` : ev.current ? progressBytes(ev.current) : undefined;
    } else if (ev.kind === 'vertex-done') {
      job.completed = ev.t;
      job.cached = ev.cached;
      job.canceled = ev.canceled;
      job.error = ev.error !== undefined && !ev.canceled;
    }
  }

  /** Attach a build-check warning row to a vertex (BuildKit shows ` => WARN: Rule: detail (line N)`). */
  warn(vertex: number, short: string): void {
    this.jobs.get(vertex)?.warnings.push(short);
  }

  /** One frame, `width` columns wide; `finished` marks the final frame (`FINISHED`). */
  frame(width = 80, finished = false): string {
    const all = this.order.map((v) => this.jobs.get(v)!);
    const done = all.filter((j) => j.completed !== undefined).length;
    const status = finished && done === all.length && done > 0 ? 'FINISHED' : '';
    const total = (this.latest / 1000).toFixed(1);
    let out = align(`[+] Building ${total}s (${done}/${all.length}) ${status}`, '', width) + '\n';
    for (const j of all) {
      let name = j.name;
      if (j.canceled) name = `CANCELED ${name}`;
      else if (j.error) name = `ERROR ${name}`;
      if (j.cached) name = `CACHED ${name}`;
      out += row(name, undefined, (j.completed ?? this.latest) - j.started, width);
      for (const s of j.subs) out += row(`=> ${s.name}`, s.status, (s.completed ?? this.latest) - s.started, width);
      for (const w of j.warnings) out += row(`WARN: ${w}`, undefined, (j.completed ?? this.latest) - j.started, width);
    }
    return out;
  }
}

function row(name: string, status: string | undefined, ms: number, width: number): string {
  let dt = ms / 1000;
  if (dt < 0.05) dt = 0;
  const pfx = ' => ';
  const timer = ` ${dt.toFixed(1).padStart(3)}s\n`;
  let left = width - pfx.length - timer.length - 1;
  let showStatus = false;
  if (status) {
    if (left + status.length > 20) {
      showStatus = true;
      left -= status.length + 1;
    }
  }
  if (left < 12) return '';
  let line = pfx + (name.length > left ? name.slice(0, left) : name);
  if (showStatus) line += ` ${status}`;
  return align(line, timer, width);
}

/** Go's `fmt.Sprintf("%-*s %s", w-len(r)-1, l, r)`. */
function align(l: string, r: string, w: number): string {
  return `${l.padEnd(w - r.length - 1)} ${r}`;
}
