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
  /** The end of the step's output so far (its last `TERM_KEEP` characters), for the live log rows. */
  term: string;
}

/** Rows of a running step's output BuildKit shows (`termHeight`), and the columns it leaves the timer (`termPad`). */
const TERM_HEIGHT = 6;
const TERM_PAD = 10;
/** Output kept per step: more than six rows of any width shown. */
const TERM_KEEP = 8192;

/**
 * BuildKit's interactive (`tty`) view as a pure function of the events so far: the
 * `[+] Building 2.3s (12/14)` header and one ` => ` row per step (`CACHED`, `ERROR`,
 * `CANCELED` prefixes, ` => => ` sub-rows for statuses, timers right-aligned). A running
 * step shows the end of its output below its row as ` => => # ` rows: the last six rows of a
 * terminal `width - 10` columns wide, as BuildKit's per-step virtual terminal shows them
 * (unlike BuildKit, every running step shows them, whatever the screen's height). The CLI
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
        this.jobs.set(ev.vertex, { name: ev.name, started: ev.t, subs: [], warnings: [], term: '' });
        this.order.push(ev.vertex);
      }
      return;
    }
    const job = this.jobs.get(ev.vertex);
    if (!job) return;
    if (ev.kind === 'vertex-status') {
      let sub = job.subs.find((s) => s.name === ev.id);
      if (!sub) {
        sub = { name: ev.id, started: ev.started, subs: [], warnings: [], term: '' };
        job.subs.push(sub);
      }
      sub.completed = ev.completed;
      sub.status = ev.total ? `${progressBytes(ev.current ?? 0)} / ${progressBytes(ev.total)}` : ev.current ? progressBytes(ev.current) : undefined;
    } else if (ev.kind === 'vertex-log') {
      job.term = (job.term + ev.data).slice(-TERM_KEEP);
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
      if (j.completed === undefined) for (const r of termRows(j.term, width - TERM_PAD)) out += ` => => # ${r.padEnd(width - TERM_PAD)}\n`;
      for (const s of j.subs) out += row(`=> ${s.name}`, s.status, (s.completed ?? this.latest) - s.started, width);
      for (const w of j.warnings) out += row(`WARN: ${w}`, undefined, (j.completed ?? this.latest) - j.started, width);
    }
    return out;
  }
}

/**
 * The non-blank rows of a `TERM_HEIGHT`-row terminal of `cols` columns after `output` was
 * written to it: lines wrap at `cols`, a carriage return writes over its line again, and the line
 * the cursor is on counts as a row (so output ending in a newline shows one row less).
 */
function termRows(output: string, cols: number): string[] {
  if (output === '' || cols < 1) return [];
  const rows: string[] = [];
  for (const line of output.split('\n')) {
    let text = '';
    for (const part of line.split('\r')) text = part + text.slice(part.length); // back to column 0, then overwrite
    if (text.length === 0) rows.push('');
    for (let i = 0; i < text.length; i += cols) rows.push(text.slice(i, i + cols));
  }
  return rows.slice(-TERM_HEIGHT).filter((r) => r.trim() !== '');
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
