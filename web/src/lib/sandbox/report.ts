/**
 * What the sandbox's engine side tells the client besides terminal text: a build started,
 * its events (in small batches: `workers/event-batch.ts`), how it ended and its record, a `docker run`'s record, and
 * that the image store or the containers changed. Plain data, so it crosses the worker boundary as is.
 */
import type { BuildRecord, RunRecord } from '#engine/lessons';
import type { BuildEvent } from '#engine/progress';
import type { BuildView } from './panel-data.ts';

/** One message from the runtime to the client. */
export type RuntimeReport =
  | { readonly kind: 'build-start'; readonly view: BuildView }
  | { readonly kind: 'build-events'; readonly id: number; readonly events: readonly BuildEvent[] }
  | { readonly kind: 'build-end'; readonly id: number; readonly status: Exclude<BuildView['status'], 'running'>; readonly error?: string; readonly record: BuildRecord }
  | { readonly kind: 'run'; readonly record: RunRecord }
  | { readonly kind: 'store-changed' }
  /** A container was created, started, stopped or removed (the Containers view refreshes). */
  | { readonly kind: 'containers-changed' };

/** Where reports go. */
export type ReportSink = (report: RuntimeReport) => void;

/** Apply a report to the client's view of the latest build (pure: a new view or the same one). */
export function applyReport(view: BuildView | undefined, r: RuntimeReport): BuildView | undefined {
  if (r.kind === 'build-start') return r.view;
  if (!view) return view;
  if (r.kind === 'build-events' && r.id === view.id) return { ...view, events: [...view.events, ...r.events] };
  if (r.kind === 'build-end' && r.id === view.id) return { ...view, status: r.status, ...(r.error !== undefined ? { error: r.error } : {}) };
  return view;
}
