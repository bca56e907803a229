/**
 * The learner's own results for a step, in the same shape as the guide's lines, so the
 * pane can put them side by side: the images the step's check names (a `docker images`
 * table), files exported with `--output`, the steps a cache check looks at, the lines of a
 * failed build the check looks for, and the output of the last `docker run`. Pure: reads `WorkRecords`.
 */
import type { Check } from '#engine/lessons';
import { buildLog, displayRef, findImage, findRun, pickBuild, vertexes } from '#engine/lessons/history';
import { humanSize } from '#engine/report';
import type { WorkRecords } from '../sandbox/panel-data.ts';

/** Every leaf check of `check`, in order. */
export function leafChecks(check: Check): Check[] {
  return check.kind === 'all' ? check.checks.flatMap(leafChecks) : [check];
}

function imagesTable(refs: readonly string[], records: WorkRecords): string[] {
  const rows: [string, string, string][] = [];
  for (const ref of refs) {
    const img = findImage(records.builds, ref);
    if (!img) continue;
    const shown = displayRef(ref);
    const colon = shown.lastIndexOf(':');
    rows.push([shown.slice(0, colon), shown.slice(colon + 1), humanSize(img.size)]);
  }
  if (rows.length === 0) return [];
  const all: [string, string, string][] = [['REPOSITORY', 'TAG', 'SIZE'], ...rows];
  const w0 = Math.max(...all.map((r) => r[0].length)) + 3;
  const w1 = Math.max(...all.map((r) => r[1].length)) + 3;
  return all.map(([a, b, c]) => a.padEnd(w0) + b.padEnd(w1) + c);
}

/** The learner's lines for a step whose check is `check` (empty when they have nothing to show yet). */
export function learnerLines(check: Check, records: WorkRecords): string[] {
  const leaves = leafChecks(check);
  const refs = [...new Set(leaves.flatMap((c) => ('image' in c && c.kind !== 'run-output' ? [c.image] : [])).map(displayRef))];
  const lines = imagesTable(refs, records);
  // exported files with their sizes in bytes, as `ls -l` shows them (the newest build's size of each)
  const outputs = new Map<string, number | undefined>();
  if (leaves.some((c) => c.kind === 'output-file')) {
    for (const b of records.builds) for (const o of b.outputs) outputs.set(o, b.outputSizes?.[o]);
  }
  const width = Math.max(0, ...[...outputs.keys()].map((p) => p.length)) + 3;
  lines.push(...[...outputs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([p, size]) => (size === undefined ? p : p.padEnd(width) + size)));
  for (const c of leaves) {
    if (c.kind !== 'step-cached' && c.kind !== 'step-ran' && c.kind !== 'no-step' && c.kind !== 'stages-overlap') continue;
    const build = pickBuild(records.builds, c.target);
    if (!build) continue;
    for (const v of vertexes(build.events)) {
      const match = c.kind === 'stages-overlap' ? c.stages.includes(v.stage ?? '') : v.name.includes(c.match);
      if (!match) continue;
      const line = `${v.name}${v.cached ? '  CACHED' : v.end !== undefined ? `  ${((v.end - v.start) / 1000).toFixed(1)}s` : ''}`;
      if (!lines.includes(line)) lines.push(line);
    }
  }
  for (const c of leaves) {
    if (c.kind !== 'build-failed-with') continue;
    const build = pickBuild(records.builds, c.target);
    if (!build || build.ok) continue;
    const found = buildLog(build.events).split('\n').filter((l) => l.includes(c.match)).map((l) => l.trim());
    lines.push(...(found.length > 0 ? found : build.error ? [build.error] : []));
  }
  for (const c of leaves) {
    if (c.kind !== 'run-output') continue;
    const run = findRun(records.runs, c.image);
    if (run) lines.push(...run.output.split('\n').filter((l) => l.trim()));
  }
  return lines;
}
