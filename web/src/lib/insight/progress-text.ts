/**
 * The build panel's two texts of one build's events: BuildKit's tty view (the frame the
 * terminal would draw last) and the `--progress=plain` log, and why each step was CACHED or
 * ran. Pure: all are recomputed from the events so far, with the engine's own printers, so
 * they match the CLI exactly (`--explain-cache` for the causes).
 */
import { causeShort, causeText, PlainPrinter, TtyView, type BuildEvent, type CacheCause } from '#engine/progress';

/** Columns of the tty frame (BuildKit's default terminal width). */
export const TTY_WIDTH = 80;

/**
 * The tty view's latest frame: `[+] Building 13.1s (14/14) FINISHED` and one ` => ` row per
 * step, done steps collapsed to one line, `CACHED`/`ERROR`/`CANCELED` prefixes. `finished`
 * is true once the build ended (the final frame). Trailing spaces are trimmed per line.
 */
export function ttyText(events: readonly BuildEvent[], finished: boolean, width = TTY_WIDTH): string {
  const view = new TtyView();
  for (const e of events) view.push(e);
  return view
    .frame(width, finished)
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')
    .trimEnd();
}

/** The `--progress=plain` log of the events so far (`#N name`, `#N DONE 1.2s`, ...). */
export function plainText(events: readonly BuildEvent[]): string {
  let out = '';
  const printer = new PlainPrinter((s) => (out += s));
  for (const e of events) printer.push(e);
  return out;
}

/** A one-line summary for the polite live region: steps done of known, and how the build ended. */
export function progressSummary(events: readonly BuildEvent[], status: 'running' | 'done' | 'failed' | 'canceled'): string {
  const started = new Set<number>();
  const done = new Set<number>();
  let cached = 0;
  for (const e of events) {
    if (e.kind === 'vertex-start') started.add(e.vertex);
    else if (e.kind === 'vertex-done' && !done.has(e.vertex)) {
      done.add(e.vertex);
      if (e.cached) cached++;
    }
  }
  const steps = `${done.size} of ${started.size} steps done${cached ? `, ${cached} cached` : ''}`;
  const how = { running: 'Building', done: 'Build finished', failed: 'Build failed', canceled: 'Build canceled' }[status];
  return `${how}: ${steps}.`;
}

/** One step's cache decision as the Build panel lists it beside the step. */
export interface StepCauseRow {
  /** The `#N` vertex number. */
  readonly vertex: number;
  /** The vertex name, `[base 5/5] COPY . .`. */
  readonly name: string;
  /** `cached`, `first-build`, `files-changed`, ... (`CacheCause['kind']`). */
  readonly kind: CacheCause['kind'];
  /** A few words: `CACHED`, `ran: cmd/server/main.go changed`. */
  readonly short: string;
  /** The whole sentence, as `docker build --explain-cache` prints it. */
  readonly detail: string;
}

/** The steps that reported why they were CACHED or ran, in vertex order (`VertexDone.cause`). */
export function stepCauses(events: readonly BuildEvent[]): StepCauseRow[] {
  const names = new Map<number, string>();
  const rows = new Map<number, StepCauseRow>();
  for (const e of events) {
    if (e.kind === 'vertex-start') names.set(e.vertex, e.name);
    else if (e.kind === 'vertex-done' && e.cause) {
      rows.set(e.vertex, { vertex: e.vertex, name: names.get(e.vertex) ?? '', kind: e.cause.kind, short: causeShort(e.cause), detail: causeText(e.cause) });
    }
  }
  return [...rows.values()].sort((a, b) => a.vertex - b.vertex);
}
