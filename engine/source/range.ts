/** A place in a Dockerfile. Lines and columns are 1-based, as in Monaco markers. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** A span of Dockerfile text; `end` is inclusive of its line, exclusive of its column. */
export interface Range {
  readonly start: Position;
  readonly end: Position;
}

/** A range covering whole lines `startLine..endLine` (1-based, inclusive). */
export function lineRange(startLine: number, endLine: number = startLine, endColumn = 1): Range {
  return { start: { line: startLine, column: 1 }, end: { line: endLine, column: endColumn } };
}
