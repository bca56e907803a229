/**
 * The check evaluator: a lesson's `Check` against the learner's builds and runs, answering
 * `{ ok, explanation }` in plain words ("check my work"). Pure: it reads `BuildRecord`s and
 * knows nothing of how builds run.
 */
import { humanSize } from '../report/units.ts';
import { causeText } from '../progress/causes.ts';
import type { CacheCause } from '../progress/events.ts';

import { buildLog, displayRef, findExec, findImage, findRun, pickBuild, stepLabel, vertexes } from './history.ts';
import type { BuildRecord, Check, CheckResult, RunRecord } from './types.ts';

/** What a `step-ran` check's `because` asks for, in words. */
const BECAUSE: Record<CacheCause['kind'], string> = {
  'cached': 'the cache had it',
  'first-build': 'it was never built before',
  'no-cache': 'of --no-cache',
  'instruction-changed': 'its instruction changed',
  'files-changed': 'a file it copies changed (edit a .go file, then build again)',
  'build-arg-changed': 'a build arg it uses changed',
  'parent-ran': 'a step before it ran',
  'mount-changed': "a mount's source changed",
  'base-changed': 'its base image changed',
  'unknown': 'of something the cache cannot name',
};

const pass = (explanation: string): CheckResult => ({ ok: true, explanation });
const fail = (explanation: string): CheckResult => ({ ok: false, explanation });

/** Which build a target-narrowed check reads, or why there is none to read. */
function selectBuild(builds: readonly BuildRecord[], target: string | undefined): BuildRecord | CheckResult {
  const b = pickBuild(builds, target);
  if (b) return b;
  if (target !== undefined) return fail(`You have not built the \`${target}\` target yet: \`docker build --target=${target} .\` builds it.`);
  return fail('You have not run a build yet: type the step\'s `docker build` command in the terminal.');
}

function needSuccess(b: BuildRecord): CheckResult | undefined {
  if (b.ok) return undefined;
  return fail(`Your last build (\`${b.command}\`) failed${b.error ? `: ${b.error}` : ''}.${failedStepOutput(b)} Fix it and build again.`);
}

/** ` Its step \`RUN …\` printed: "…", "…".`: the last lines the failed step logged (a compile error, a lint finding), or ''. */
function failedStepOutput(b: BuildRecord): string {
  const failed = vertexes(b.events).find((v) => v.error !== undefined);
  if (!failed) return '';
  const log = b.events.flatMap((e) => (e.kind === 'vertex-log' && e.vertex === failed.vertex ? [e.data] : [])).join('');
  const lines = log.split('\n').map((l) => l.trimEnd()).filter((l) => l !== '').slice(-3);
  return lines.length ? ` Its step ${stepLabel(failed.name)} printed: ${quoted(lines)}.` : '';
}

const isResult = (x: BuildRecord | CheckResult): x is CheckResult => 'explanation' in x;

/** A program's output as lines (without the newline that ends the last). */
const printedLines = (output: string): string[] => (output === '' ? [] : output.replace(/\n$/, '').split('\n'));

/** Lines for a message: `"a", "b"`. */
const quoted = (lines: readonly string[]): string => lines.map((l) => `"${l}"`).join(', ');

/**
 * Whether the newest build that wrote each of `paths` exists: one passing result per build
 * command ("`…` exported a, b and c.", the command first: one ending in `.` is not followed
 * by a second one), one failing result for the paths no build wrote, and, when the
 * workspace's files are known, one for exported paths that are no longer there.
 */
function exportedFiles(paths: readonly string[], builds: readonly BuildRecord[], workspace?: ReadonlySet<string>): CheckResult[] {
  const byCommand = new Map<string, string[]>();
  const missing: string[] = [];
  const gone: string[] = [];
  for (const path of paths) {
    const want = path.replace(/^\.\//, '');
    const b = [...builds].reverse().find((r) => r.outputs.some((p) => p.replace(/^\.\//, '') === want));
    if (b && workspace && !workspace.has(want)) gone.push(want);
    else if (b) byCommand.set(b.command, [...(byCommand.get(b.command) ?? []), want]);
    else missing.push(want);
  }
  const out = [...byCommand].map(([command, got]) => pass(`\`${command}\` exported ${listed(got)}.`));
  if (gone.length > 0) out.push(fail(`${listed(gone)} ${gone.length === 1 ? 'was' : 'were'} exported, but ${gone.length === 1 ? 'is' : 'are'} no longer in your workspace. Build again to write ${gone.length === 1 ? 'it' : 'them'}.`));
  if (missing.length > 0) {
    const last = builds[builds.length - 1];
    const failed = last && !last.ok ? ` Your last build (\`${last.command}\`) failed${last.error ? `: ${last.error}` : ''}.` : '';
    out.push(fail(`No build has written ${listed(missing)} yet. Export files with \`--output\` (and the right \`--target\`).${failed}`));
  }
  return out;
}

/** `a`, `a and b`, `a, b and c`. */
const listed = (items: readonly string[]): string => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`);

/**
 * Evaluate one check against the learner's history (builds and runs oldest first) and, when
 * given, the workspace's files as they are now (an exported file the learner deleted no
 * longer counts).
 */
export function evaluateCheck(check: Check, builds: readonly BuildRecord[], runs: readonly RunRecord[] = [], workspace?: ReadonlySet<string>): CheckResult {
  switch (check.kind) {
    case 'all': {
      // exported files are answered together: one sentence per build that wrote them, one for those missing
      const files = check.checks.filter((c): c is Extract<Check, { kind: 'output-file' }> => c.kind === 'output-file');
      const exported = files.length > 1 ? exportedFiles(files.map((c) => c.path), builds, workspace) : [];
      const results = [...exported, ...check.checks.filter((c) => files.length <= 1 || c.kind !== 'output-file').map((c) => evaluateCheck(c, builds, runs, workspace))];
      const failed = results.filter((r) => !r.ok);
      // two checks that found the same step say the same sentence: once is enough
      const said = (rs: readonly CheckResult[]) => [...new Set(rs.map((r) => r.explanation))].join(' ');
      if (failed.length === 0) return pass(said(results));
      return fail(said(failed));
    }
    case 'image-exists': {
      const img = findImage(builds, check.image);
      return img
        ? pass(`${displayRef(check.image)} exists.`)
        : fail(`There is no image called ${displayRef(check.image)} yet. Build one with \`--tag\` set to that name.`);
    }
    case 'image-size': {
      const img = findImage(builds, check.image);
      const name = displayRef(check.image);
      if (!img) return fail(`There is no image called ${name} yet, so its size cannot be measured.`);
      const size = humanSize(img.size);
      if (check.max !== undefined && img.size > check.max) {
        return fail(`${name} is ${size}; this step expects less than ${humanSize(check.max)}. Something heavy (the Go toolchain?) is still in the final image.`);
      }
      if (check.min !== undefined && img.size < check.min) {
        return fail(`${name} is ${size}; this step expects more than ${humanSize(check.min)}. Is it still built from the full golang image, as in this step's Dockerfile?`);
      }
      return pass(`${name} is ${size}.`);
    }
    case 'file-in-image': {
      const img = findImage(builds, check.image);
      const name = displayRef(check.image);
      if (!img) return fail(`There is no image called ${name} yet.`);
      return img.files.includes(check.path)
        ? pass(`${name} contains ${check.path}.`)
        : fail(`${name} has no ${check.path}. Check the COPY that should put it there (its source stage and destination).`);
    }
    case 'entrypoint': {
      const img = findImage(builds, check.image);
      const name = displayRef(check.image);
      if (!img) return fail(`There is no image called ${name} yet.`);
      const want = JSON.stringify(check.value);
      const got = JSON.stringify(img.entrypoint);
      if (got === want) return pass(`${name} starts ${check.value.join(' ')}.`);
      return fail(img.entrypoint.length === 0
        ? `${name} has no ENTRYPOINT; this step expects ENTRYPOINT ${want}.`
        : `${name}'s ENTRYPOINT is ${got}; this step expects ${want}.`);
    }
    case 'platforms': {
      const img = findImage(builds, check.image);
      const name = displayRef(check.image);
      if (!img) return fail(`There is no image called ${name} yet.`);
      const want = [...check.platforms].sort();
      const got = [...img.platforms].sort();
      if (JSON.stringify(want) === JSON.stringify(got)) return pass(`${name} is built for ${want.join(', ')}.`);
      return fail(`${name} is built for ${got.join(', ') || 'no platform'}; this step expects ${want.join(', ')}. Pass them with \`--platform\`.`);
    }
    case 'output-file':
      return exportedFiles([check.path], builds, workspace)[0]!;
    case 'run-output': {
      const run = findRun(runs, check.image);
      const name = displayRef(check.image);
      if (!run) return fail(`You have not run ${name} yet: try \`docker run ${check.image}\`.`);
      return run.output.includes(check.match)
        ? pass(`Running ${name} printed "${check.match}".`)
        : fail(`Running ${name} did not print "${check.match}". Was it built with the build argument this step passes?`);
    }
    case 'exec-output': {
      const run = findExec(runs, check.container);
      if (!run) return fail(`You have not run a program in the container \`${check.container}\` yet: start it with \`docker run --name=${check.container} --rm --detach IMAGE\`, then \`docker exec\` a program in it.`);
      const got = printedLines(run.output);
      if (run.exitCode !== 0) return fail(`\`${run.command}\` failed with exit code ${run.exitCode}${got.length ? `: ${quoted(got.slice(-2))}` : ''}.`);
      return run.output.includes(check.match)
        ? pass(`\`${run.command}\` printed "${check.match}".`)
        : fail(`\`${run.command}\` did not print "${check.match}"${got.length ? ` (it printed ${quoted(got.slice(-2))})` : ''}.`);
    }
    case 'image-prints': {
      const img = findImage(builds, check.image);
      const name = displayRef(check.image);
      if (!img) return fail(`There is no image called ${name} yet, so it cannot be run.`);
      if (!img.run) return fail(`${name} does not start a program built by go build (its ENTRYPOINT is ${JSON.stringify(img.entrypoint)}), so it cannot print ${quoted(check.lines)}. (Built before the check could run images? Build it again.)`);
      const got = printedLines(img.run.output);
      const wantCode = check.exitCode ?? 0;
      if (img.run.exitCode !== wantCode && img.run.serving === undefined) {
        return fail(wantCode === 0
          ? `Running ${name} failed with exit code ${img.run.exitCode}${got.length ? `: ${quoted(got)}` : ''}.`
          : `Running ${name} ended with exit code ${img.run.exitCode}; this step expects ${wantCode}${got.length ? ` (it printed ${quoted(got)})` : ''}.`);
      }
      const at = check.lines.findIndex((line, i) => got[i] !== line);
      if (at < 0 && got.length === check.lines.length) return pass(`Running ${name} printed ${quoted(got)}${img.run.serving !== undefined ? ` and listens on port ${img.run.serving}` : wantCode !== 0 ? ` and exited ${wantCode}` : ''}.`);
      if (at < 0) return fail(`Running ${name} printed ${quoted(got)}: ${got.length - check.lines.length} line(s) more than this step expects (${quoted(check.lines)}).`);
      return fail(`Running ${name} printed ${got[at] === undefined ? 'nothing more' : `"${got[at]}"`} where this step expects "${check.lines[at]}" (line ${at + 1} of ${quoted(check.lines)}).`);
    }
    default:
      return evaluateBuildCheck(check, builds);
  }
}

type BuildCheck = Extract<Check, { kind: 'stages-overlap' | 'stage-not-built' | 'step-cached' | 'step-ran' | 'no-step' | 'build-failed-with' }>;

/** Checks that read one build's steps. */
function evaluateBuildCheck(check: BuildCheck, builds: readonly BuildRecord[]): CheckResult {
  const b = selectBuild(builds, check.target);
  if (isResult(b)) return b;
  const steps = vertexes(b.events);
  if (check.kind === 'build-failed-with') {
    if (b.ok) return fail(`Your last build (\`${b.command}\`) succeeded; this step expects it to fail with "${check.match}".`);
    const text = `${b.error ?? ''}\n${buildLog(b.events)}`;
    return text.includes(check.match)
      ? pass(`Your last build failed, as it should, with "${check.match}".`)
      : fail(`Your last build failed, but not with "${check.match}"${b.error ? `: ${b.error}` : ''}.`);
  }
  const failed = needSuccess(b);
  if (failed) return failed;
  switch (check.kind) {
    case 'stage-not-built': {
      const ran = steps.filter((v) => v.stage === check.stage);
      return ran.length === 0
        ? pass(`\`${b.command}\` did not build ${check.stage}.`)
        : fail(`\`${b.command}\` still built ${check.stage} (${stepLabel(ran[0]!.name)}). The target must not depend on it, directly or through COPY --from.`);
    }
    case 'stages-overlap': {
      const spans = check.stages.map((stage) => {
        const run = steps.filter((v) => v.stage === stage && !v.cached && v.end !== undefined);
        const all = steps.filter((v) => v.stage === stage);
        return { stage, all: all.length, start: Math.min(...run.map((v) => v.start)), end: Math.max(...run.map((v) => v.end!)), ran: run.length };
      });
      const missing = spans.find((s) => s.all === 0);
      if (missing) return fail(`Your last build has no stage called ${missing.stage}. Name the stages with \`AS ${missing.stage}\`.`);
      const cached = spans.find((s) => s.ran === 0);
      if (cached) return fail(`In your last build ${cached.stage} came from the cache, so nothing ran. Change a .go file (or add --no-cache) and build again to watch the stages run.`);
      const [x, y] = spans as [typeof spans[0], typeof spans[0]];
      return x.start < y.end && y.start < x.end
        ? pass(`${x.stage} and ${y.stage} ran at the same time.`)
        : fail(`${x.stage} and ${y.stage} ran one after the other. They run side by side only when neither needs the other: both should start FROM the shared base stage.`);
    }
    case 'step-cached': {
      const match = steps.filter((v) => v.name.includes(check.match));
      if (match.length === 0) return fail(`Your last build has no step running \`${check.match}\`.`);
      if (match.some((v) => v.cached)) return pass(`\`${check.match}\` was CACHED in your last build.`);
      return fail(`\`${check.match}\` ran again in your last build instead of coming from the cache. Build once more without changing go.mod or go.sum; if it still runs, an earlier step changed (an instruction before it copies files you edited).`);
    }
    case 'step-ran': {
      const match = steps.filter((v) => v.name.includes(check.match) && v.end !== undefined && v.error === undefined);
      if (match.length === 0) return fail(`Your last build has no step with \`${check.match}\`. Compare your Dockerfile with this step's.`);
      const ran = match.find((v) => !v.cached);
      if (check.cached === false && !ran) {
        return fail(`In your last build ${stepLabel(match[0]!.name)} came from the cache. Edit a .go file so it has to run, then build again.`);
      }
      const step = ran ?? match[0]!;
      const why = step.cause && step.cause.kind !== 'cached' ? ` because ${causeText(step.cause).replace(/^ran: /, '')}` : '';
      if (check.because !== undefined && step.cause?.kind !== check.because) {
        return fail(`Your last build ran ${stepLabel(step.name)}${why}, but this step expects it to run because ${BECAUSE[check.because]}.`);
      }
      return pass(`Your last build ran ${stepLabel(step.name)}${check.because ? why : ''}.`);
    }
    case 'no-step': {
      const match = steps.find((v) => v.name.includes(check.match));
      return match === undefined
        ? pass(`Your last build no longer has \`${check.match}\`.`)
        : fail(`Your last build still has ${stepLabel(match.name)}; this step removes it.`);
    }
  }
}

