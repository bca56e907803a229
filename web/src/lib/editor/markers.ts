/** Diagnostics → Monaco marker data (plain objects, so this stays testable without Monaco). */
import type { Diagnostic } from '../sandbox/diagnostics.ts';

/** Monaco's `MarkerSeverity` values. */
export const SEVERITY = { warning: 4, error: 8 } as const;

/** The fields of Monaco's `IMarkerData` the app sets. */
export interface MarkerData<Link = never> {
  severity: number;
  message: string;
  source: string;
  code?: string | { value: string; target: Link };
  startLineNumber: number;
  startColumn: number;
  endLineNumber: number;
  endColumn: number;
}

/**
 * One marker per range, with BuildKit's message. A range that ends where it starts
 * (or at column 1 of its last line) is widened to the end of the line so it is visible.
 */
export function toMarkers<Link = never>(
  diagnostics: readonly Diagnostic[],
  lineLength: (line: number) => number,
  codeLink?: (url: string) => Link,
): MarkerData<Link>[] {
  return diagnostics.flatMap((d) =>
    d.ranges.map((r) => {
      let endLine = r.end.line;
      let endColumn = r.end.column;
      if (endLine > r.start.line && endColumn === 1) {
        endLine--;
        endColumn = lineLength(endLine) + 1;
      }
      if (endLine < r.start.line || (endLine === r.start.line && endColumn <= r.start.column)) {
        endLine = r.start.line;
        endColumn = lineLength(r.start.line) + 1;
      }
      const marker: MarkerData<Link> = {
        severity: SEVERITY[d.severity],
        message: d.message,
        source: d.severity === 'error' ? 'docker build' : 'docker build --check',
        startLineNumber: r.start.line,
        startColumn: r.start.column,
        endLineNumber: endLine,
        endColumn,
      };
      if (d.url && codeLink) marker.code = { value: d.code, target: codeLink(d.url) };
      else marker.code = d.code;
      return marker;
    }),
  );
}
