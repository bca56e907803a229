/**
 * A line diff (longest common subsequence) between a workspace file and a lesson's solution,
 * so "show solution" can show exactly what applying it would change.
 */

/** One line of a diff: kept, removed from the old text, or added by the new one. */
export interface DiffLine {
  readonly op: 'same' | 'del' | 'add';
  readonly text: string;
}

/** A run of changed lines with up to `context` unchanged lines either side. */
export interface DiffHunk {
  /** 1-based first line of the hunk in the old and the new text. */
  readonly oldStart: number;
  readonly newStart: number;
  readonly lines: readonly DiffLine[];
}

const splitLines = (text: string): string[] => (text === '' ? [] : text.replace(/\n$/, '').split('\n'));

/** The line diff turning `before` into `after` (a missing file diffs as empty). */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = splitLines(before);
  const b = splitLines(after);
  // lcs[i][j]: length of the LCS of a[i..] and b[j..]
  const lcs: Uint32Array[] = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push({ op: 'same', text: a[i++]! });
      j++;
    } else if (i < a.length && (j === b.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      out.push({ op: 'del', text: a[i++]! });
    } else {
      out.push({ op: 'add', text: b[j++]! });
    }
  }
  return out;
}

/** Group a diff into hunks with `context` unchanged lines around each change; none when equal. */
export function diffHunks(lines: readonly DiffLine[], context = 3): DiffHunk[] {
  const changed = lines.map((l, k) => (l.op === 'same' ? -1 : k)).filter((k) => k >= 0);
  const hunks: DiffHunk[] = [];
  let k = 0;
  while (k < changed.length) {
    const from = Math.max(0, changed[k]! - context);
    let to = Math.min(lines.length, changed[k]! + context + 1);
    while (k + 1 < changed.length && changed[k + 1]! - context <= to) to = Math.min(lines.length, changed[++k]! + context + 1);
    k++;
    let oldLine = 1;
    let newLine = 1;
    for (const l of lines.slice(0, from)) {
      if (l.op !== 'add') oldLine++;
      if (l.op !== 'del') newLine++;
    }
    hunks.push({ oldStart: oldLine, newStart: newLine, lines: lines.slice(from, to) });
  }
  return hunks;
}
