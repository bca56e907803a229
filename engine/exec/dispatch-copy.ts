/** The COPY/ADD step: sources, content checksums for the key, the copy, history text. */
import { checksumPaths, digestFiles, FILES_CAP, type StepInputs } from '../cache/index.ts';
import { commonInputs, heredocText } from './explain.ts';
import type { AddCommand, CopyCommand } from '../dockerfile/index.ts';
import { applyLayer, type Snapshot } from '../fs/index.ts';
import { changesToEntries } from '../cache/index.ts';
import { ExecError } from '../source/errors.ts';
import { applyCopy, copyDestination, isRemote, matchAll, type CopySource } from './copy.ts';
import { refId } from './copy-sources.ts';
import { runStep, type StepResult } from './step.ts';
import type { StageInput, StageServices } from './types.ts';

/** Modeled time of a copy: a fixed cost plus ~100 MB/s. */
export function copyMs(bytes: number): number {
  return 40 + Math.round(bytes / 100_000);
}

/** History text of COPY/ADD (sources and destination as expanded, before WORKDIR resolution). */
export function copyCreatedBy(cmd: CopyCommand | AddCommand): string {
  const flags: string[] = [];
  if (cmd.kind === 'COPY' && cmd.parents) flags.push('--parents');
  if (cmd.chown) flags.push(`--chown=${cmd.chown}`);
  if (cmd.chmod) flags.push(`--chmod=${cmd.chmod}`);
  const srcs = [...cmd.sourcePaths, ...cmd.sourceContents.map((f) => `<<${f.name}`)];
  return `${cmd.kind} ${[...flags, ...srcs, cmd.destPath].join(' ')} # buildkit`;
}

/** The step's text as keyed: the history text with `--from` and `--link`. */
function copyText(cmd: CopyCommand | AddCommand): string {
  const from = cmd.kind === 'COPY' && cmd.from !== undefined ? `--from=${cmd.from} ` : '';
  const link = cmd.link ? '--link ' : '';
  return `${cmd.kind} ${from}${link}${copyCreatedBy(cmd).slice(cmd.kind.length + 1).replace(/ # buildkit$/, '')}${heredocText(cmd.sourceContents)}`;
}

/** What the copy read, for explaining a run: the context's files with digests, or a stage's paths and key. */
async function copyInputs(cmd: CopyCommand | AddCommand, index: number, paths: readonly string[], from: { ref: string; key: string } | undefined, parentKey: string, input: StageInput, svc: StageServices): Promise<Omit<StepInputs, 'parent'>> {
  const common = commonInputs(input, index, cmd, undefined, parentKey, copyText(cmd));
  if (from) {
    const listed = paths.slice(0, FILES_CAP).map((p) => [p.replace(/^\/+/, ''), ''] as const);
    return { ...common, from, files: { paths: listed, ...(paths.length > FILES_CAP ? { more: paths.length - FILES_CAP } : {}), sum: from.key } };
  }
  return { ...common, files: await digestFiles(input.context, paths, svc.hasher) };
}

/** Where the copy starts. */
export interface CopyState {
  readonly snapshot: Snapshot;
  readonly key: string;
  readonly workdir: string;
}

/** Runs (or replays) COPY/ADD `cmd` at step `index`. */
export async function dispatchCopy(cmd: CopyCommand | AddCommand, index: number, at: CopyState, input: StageInput, svc: StageServices): Promise<StepResult> {
  if (cmd.kind === 'ADD') {
    const remote = cmd.sourcePaths.find(isRemote);
    if (remote !== undefined) {
      throw new ExecError('add-offline', `failed to load cache key: ${remote}: stageplay runs offline, so ADD cannot download URLs or clone git repositories; add the file to the build context and COPY it instead`);
    }
  }
  const fromRef = cmd.kind === 'COPY' ? cmd.from : undefined;
  const fromState = fromRef !== undefined ? svc.source(fromRef) : undefined;
  const seed = await svc.hasher.sha256([new TextEncoder().encode(`${fromState?.cacheKey ?? 'context'}:${input.stage.index}:${index}`)]);
  const source: CopySource = { view: fromState ? fromState.snapshot : input.context, ref: refId(seed) };
  const matches = matchAll(cmd, source);
  const paths = matches.flatMap((l) => l.map((m) => m.path));
  const inputs = fromState
    ? [`${fromState.cacheKey}:${JSON.stringify(paths)}`]
    : [await checksumPaths(input.context, paths, svc.hasher)];
  const link = cmd.link && cmd.chmod === undefined;
  const op = {
    kind: cmd.kind,
    sources: cmd.sourcePaths,
    contents: cmd.sourceContents.map((f) => [f.name, f.data]),
    dest: copyDestination(cmd.destPath, at.workdir),
    chown: cmd.chown,
    chmod: cmd.chmod,
    link,
    parents: cmd.kind === 'COPY' ? cmd.parents : false,
    exclude: cmd.exclude,
    unpack: cmd.kind === 'ADD' ? cmd.unpack : undefined,
  };
  return runStep(
    {
      index,
      parentKey: link ? '' : at.key,
      op,
      inputs,
      parent: at.snapshot,
      noCache: input.noCache,
      created: input.created,
      explain: {
        inputs: () => copyInputs(cmd, index, paths, fromState && fromRef !== undefined ? { ref: fromRef, key: fromState.cacheKey } : undefined, link ? '' : at.key, input, svc),
        ...(input.history?.[index] ? { history: input.history[index] } : {}),
      },
      run: async () => {
        const { overlay, bytes } = await applyCopy(cmd, matches, source, at.snapshot, { workdir: at.workdir, mtime: input.mtime, gzip: svc.gzip });
        const { snapshot, changes } = overlay.commit();
        if (!link) return { snapshot, modeledMs: copyMs(bytes) };
        const entries = changesToEntries(changes, snapshot);
        const merged = applyLayer(at.snapshot, entries);
        return { snapshot: merged, entries, modeledMs: copyMs(bytes) };
      },
    },
    svc,
  );
}
