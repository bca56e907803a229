/**
 * A step's `CacheCause` in words: the full sentence (`--explain-cache`, a panel's detail)
 * and a short label beside the step (`ran: cmd/server/main.go changed`). stageplay's own;
 * BuildKit prints only CACHED or nothing.
 */
import type { BuildEvent, CacheCause } from './events.ts';

const ARROW = '→';

function value(v: string | undefined): string {
  return v === undefined ? '(unset)' : v;
}

function more(n: number | undefined): string {
  return n ? ` (and ${n} more)` : '';
}

/** The cause as one sentence: `CACHED`, or `ran: <why>: <detail>`. */
export function causeText(c: CacheCause): string {
  switch (c.kind) {
    case 'cached':
      return 'CACHED';
    case 'first-build':
      return 'ran: first build (the cache has no earlier record of this step)';
    case 'no-cache':
      return 'ran: --no-cache';
    case 'instruction-changed':
      return `ran: the instruction changed: ${c.before} ${ARROW} ${c.after}`;
    case 'files-changed':
      return `ran: a file it copies changed: ${c.paths.join(', ')}${more(c.more)}`;
    case 'build-arg-changed':
      return `ran: a build arg it uses changed: ${c.name}: ${value(c.before)} ${ARROW} ${value(c.after)}`;
    case 'parent-ran':
      return `ran: a step it builds on ran: #${c.vertex} ${c.name}`;
    case 'mount-changed':
      return `ran: a mount's source changed: ${c.target}${c.paths.length ? `: ${c.paths.join(', ')}` : ''}${more(c.more)}`;
    case 'base-changed':
      return `ran: the base image changed: ${c.before ?? '(none)'} ${ARROW} ${c.after ?? c.ref}`;
    case 'unknown':
      return `ran: ${c.reason}`;
  }
}

/** The cause in a few words, for beside a step. */
export function causeShort(c: CacheCause): string {
  switch (c.kind) {
    case 'cached':
      return 'CACHED';
    case 'first-build':
      return 'ran: first build';
    case 'no-cache':
      return 'ran: --no-cache';
    case 'instruction-changed':
      return 'ran: instruction changed';
    case 'files-changed':
      return c.paths.length === 0 ? 'ran: files changed' : `ran: ${c.paths[0]} changed${c.paths.length + (c.more ?? 0) > 1 ? ` (+${c.paths.length - 1 + (c.more ?? 0)})` : ''}`;
    case 'build-arg-changed':
      return `ran: ${c.name} changed`;
    case 'parent-ran':
      return `ran: #${c.vertex} ran`;
    case 'mount-changed':
      return `ran: mount ${c.target} changed`;
    case 'base-changed':
      return 'ran: base image changed';
    case 'unknown':
      return 'ran: cause unknown';
  }
}

/** Collects the build's step causes; `lines()` gives `#N name: cause` per step, in vertex order. */
export class CauseLog {
  private readonly names = new Map<number, string>();
  private readonly causes = new Map<number, CacheCause>();

  push(e: BuildEvent): void {
    if (e.kind === 'vertex-start') this.names.set(e.vertex, e.name);
    else if (e.kind === 'vertex-done' && e.cause) this.causes.set(e.vertex, e.cause);
  }

  /** One line per step with a cause (plain-progress style), each ending in a newline. */
  text(): string {
    return [...this.causes].sort(([a], [b]) => a - b).map(([v, c]) => `#${v} ${this.names.get(v) ?? ''}: ${causeText(c)}\n`).join('');
  }
}
