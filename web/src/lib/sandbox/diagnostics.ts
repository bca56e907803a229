/**
 * Dockerfile diagnostics as plain data (the shape a worker can return later): the front
 * end's error or lint warnings with BuildKit's wording and 1-based ranges (as Monaco's).
 */
import { loadDockerfile } from '#engine/frontend';
import { EngineError } from '#engine/source';
import type { Range } from '#engine/source';

/** One finding to show in the editor. */
export interface Diagnostic {
  readonly severity: 'error' | 'warning';
  /** `EngineError.code` or the lint rule name (`FromAsCasing`). */
  readonly code: string;
  /** BuildKit's message, exactly as `docker build` prints it. */
  readonly message: string;
  /** Where it applies; at least one (line 1 when the engine gives none). */
  readonly ranges: readonly Range[];
  /** The rule's documentation page, for warnings. */
  readonly url?: string;
}

const FILE_START: Range = { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };

/** Check a Dockerfile as `docker build --check` does (every stage) and list what it finds. */
export function diagnoseDockerfile(text: string): Diagnostic[] {
  try {
    const fe = loadDockerfile(text, { allStages: true });
    return fe.warnings.map((w) => ({
      severity: 'warning' as const,
      code: w.rule,
      message: w.detail,
      ranges: w.ranges.length > 0 ? w.ranges : [FILE_START],
      url: w.url,
    }));
  } catch (err) {
    const e = err instanceof EngineError ? err : new EngineError('internal', String(err));
    return [{ severity: 'error', code: e.code, message: e.message, ranges: e.ranges.length > 0 ? e.ranges : [FILE_START] }];
  }
}
