/**
 * `executeStage`: a stage's steps applied to its base state, in order, as BuildKit's
 * dispatchers do: RUN/COPY/ADD/WORKDIR make layers (cached by key), every other
 * instruction changes only the config and history.
 */
import type { ArgPair, Command } from '../dockerfile/index.ts';
import type { ConfigFile, History } from '../image/index.ts';
import { DOCKERFILE_HISTORY_COMMENT } from '../image/index.ts';
import { EngineError, ExecError, withRange } from '../source/errors.ts';
import { dispatchCopy, copyCreatedBy } from './dispatch-copy.ts';
import { dispatchRun } from './dispatch-run.ts';
import { SourceNotFound } from './copy-sources.ts';
import { runCreatedBy, sourceDateEpoch } from './history.ts';
import { ConfigDraft, type MetaTracker } from './metadata.ts';
import { runArgs } from './run.ts';
import type { StepResult } from './step.ts';
import type { StageInput, StageLayer, StageServices, StageState } from './types.ts';
import { makeWorkdir, resolveWorkdir, WORKDIR_MS } from './workdir.ts';
import { runStep } from './step.ts';
import { commonInputs } from './explain.ts';

/** What `executeStage` returns. */
export interface StageResult {
  readonly state: StageState;
  /** Modeled duration of the stage's steps, ms. */
  readonly modeledMs: number;
}

/** Thrown when the build's signal aborts between or during steps. */
export class CanceledError extends EngineError {
  constructor() {
    super('canceled', 'context canceled');
  }
}

/** Whether a command is a BuildKit vertex (an op) in this state. */
export function isOpCommand(cmd: Command, workdir: string): boolean {
  if (cmd.kind === 'RUN' || cmd.kind === 'COPY' || cmd.kind === 'ADD') return true;
  return cmd.kind === 'WORKDIR' && resolveWorkdir(cmd, workdir) !== '/';
}

function wrap(err: unknown, cmd: Command): EngineError {
  if (err instanceof CanceledError) return err;
  if (err instanceof EngineError) {
    if (err.code === 'canceled') return new CanceledError();
    return err.ranges.length > 0 ? err : withRange(err, [cmd.range], err.code);
  }
  if (err instanceof SourceNotFound) return new ExecError('copy-not-found', err.message, [cmd.range], { path: err.path });
  // a JS runtime error is a bug in the simulator, not a build failure: say so
  if (err instanceof TypeError || err instanceof RangeError || err instanceof ReferenceError || err instanceof SyntaxError) return withRange(err, [cmd.range], 'internal');
  return withRange(err, [cmd.range], 'exec');
}

/** Runs a stage's steps on `input.base`; throws `EngineError`s carrying the step's range. */
export async function executeStage(input: StageInput, svc: StageServices): Promise<StageResult> {
  let snapshot = input.base.snapshot;
  let key = input.base.cacheKey;
  // one draft for the whole stage: each step changes it in place (linear in the steps)
  const draft = new ConfigDraft(input.base.config);
  const layers: StageLayer[] = [...input.base.layers];
  let workdir = input.base.config.config.WorkingDir || '/';
  let user = input.base.config.config.User ?? '';
  const declared: ArgPair[] = [...input.baseArgs];
  const tracker: MetaTracker = { cmdSet: false };
  let total = 0;
  // As BuildKit's frontend: with SOURCE_DATE_EPOCH every entry it writes carries the epoch;
  // without it, entries carry no time and the exporter fills them in (a layer's entry gets
  // the layer's creation time, the cache record's; `normalizeHistory` times the others).
  const epochTime = sourceDateEpoch(input.buildArgs) !== undefined ? input.created : undefined;
  const timed = (h: Omit<History, 'created'>, at: string | undefined): History => (at !== undefined ? { created: at, ...h } : h);

  const addLayer = (r: StepResult, createdBy: string): void => {
    snapshot = r.snapshot;
    key = r.key;
    total += r.modeledMs;
    layers.push({ kind: 'step', entries: r.entries, id: `${r.key} ${r.createdAt}`, ...(r.cached ? {} : { ran: true as const }) });
    const h = timed({ created_by: createdBy, comment: DOCKERFILE_HISTORY_COMMENT }, epochTime ?? r.createdAt);
    draft.addHistory(h);
  };

  for (let i = 0; i < input.steps.length; i++) {
    if (svc.signal?.aborted) throw new CanceledError();
    const { command: cmd, env } = input.steps[i]!;
    try {
      switch (cmd.kind) {
        case 'RUN': {
          const r = await dispatchRun(cmd, i, env, { snapshot, key, config: draft.containerConfig(), workdir, user }, input, svc);
          addLayer(r, `${runCreatedBy(runArgs(cmd, draft.containerConfig()), declared, env)} # buildkit`);
          break;
        }
        case 'COPY':
        case 'ADD': {
          const r = await dispatchCopy(cmd, i, { snapshot, key, workdir }, input, svc);
          addLayer(r, copyCreatedBy(cmd));
          break;
        }
        case 'WORKDIR': {
          workdir = resolveWorkdir(cmd, workdir);
          draft.update({ WorkingDir: workdir });
          if (workdir === '/') {
            draft.addHistory(timed({ created_by: 'WORKDIR /', comment: DOCKERFILE_HISTORY_COMMENT, empty_layer: true }, epochTime));
            break;
          }
          const dir = workdir;
          const parent = snapshot;
          const r = await runStep(
            {
              index: i, parentKey: key, op: { kind: 'mkdir', path: dir, user }, parent, noCache: input.noCache, created: input.created,
              explain: {
                inputs: async () => ({ ...commonInputs(input, i, cmd, undefined, parent === input.base.snapshot ? input.base.cacheKey : key, `WORKDIR ${dir}`), settings: `user ${user || 'root'}` }),
                ...(input.history?.[i] ? { history: input.history[i] } : {}),
              },
              run: async () => ({ snapshot: makeWorkdir(parent, dir, user, input.mtime), modeledMs: WORKDIR_MS }),
            },
            svc,
          );
          addLayer(r, `WORKDIR ${dir}`);
          break;
        }
        case 'ARG': {
          // append-only as BuildKit's d.buildArgs; runCreatedBy keeps a name at its first place
          declared.push(...cmd.args);
          draft.apply(cmd, tracker, epochTime);
          break;
        }
        case 'USER':
          user = cmd.user;
          draft.apply(cmd, tracker, epochTime);
          break;
        case 'FROM':
          break;
        default:
          draft.apply(cmd, tracker, epochTime);
      }
    } catch (err) {
      throw wrap(err, cmd);
    }
  }
  return { state: { snapshot, layers, config: draft.file(), cacheKey: key }, modeledMs: total };
}

/** The base state of a stage built `FROM` another stage: its state, ONBUILD cleared. */
export function childBase(parent: StageState): StageState {
  const { OnBuild: _o, ...cc } = parent.config.config;
  return { ...parent, config: { ...parent.config, config: cc } };
}
