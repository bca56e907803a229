import { InstructionError } from '../../source/errors.ts';
import type { Range } from '../../source/range.ts';
import type { ShellLex } from '../shell/lex.ts';
import { EnvList } from '../shell/env.ts';
import type { ArgPair, Command } from './commands.ts';
import type { GlobalArgs } from './args.ts';
import { expandCommand, expandWord } from './expand.ts';
import type { Linter } from './lint/linter.ts';
import { RULES } from './lint/rules.ts';
import { lintCopyIgnored, lintExposePort, lintSecretKey, type CopyIgnoreMatcher } from './lint/checks.ts';
import type { Stage } from './stages.ts';
import { suggest } from './suggest.ts';

/** Linux default PATH BuildKit ensures in every stage's env. */
export const DEFAULT_PATH_ENV = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** The metadata state of a stage while it is dispatched (no filesystem). */
export interface StageEnvState {
  /** Build env: image `Env`, then every ENV and declared ARG value, in order. */
  readonly env: EnvList;
  /** Image config `Env` only (ARGs are not written to the image). */
  readonly configEnv: EnvList;
  /** ARGs declared so far, inherited from a base stage too, with resolved values, in declaration order (a name declared again appears again). */
  readonly args: readonly ArgPair[];
  /** Absolute working directory. */
  readonly workdir: string;
  /** True once a WORKDIR was set in this stage chain (lint WorkdirRelativePath). */
  readonly workdirSet: boolean;
  readonly user: string;
  /** Explicit SHELL, undefined when none was set (default `/bin/sh -c`). */
  readonly shell?: readonly string[];
  /** Characters of every LABEL key and value in this stage chain (for {@link MAX_LABELS_LENGTH}). */
  readonly labelsLength?: number;
}

/**
 * How large a stage's environment (`ENV` and `ARG` values, counted as their `K=V` strings)
 * may grow: 2 MiB, Linux's `ARG_MAX`, past which no process of the stage could start
 * (`argument list too long`). BuildKit has no limit of its own.
 */
export const MAX_ENV_LENGTH = 2 << 20;
/** How large a stage's labels (keys and values, base stages included) may grow: 2 MiB. */
export const MAX_LABELS_LENGTH = 2 << 20;

/** One command after expansion, and the build env right after it. */
export interface SimulatedStep {
  readonly command: Command;
  readonly env: ReadonlyMap<string, string>;
}

/** Options of {@link simulateStageEnv}. */
export interface SimulateOptions {
  readonly lex: ShellLex;
  readonly globals: GlobalArgs;
  readonly buildArgs: Readonly<Record<string, string>>;
  /** State of the base stage when the stage is `FROM <stage>`. */
  readonly base?: StageEnvState;
  /** Base image config `Env` (`K=V`), default just PATH. */
  readonly imageEnv?: readonly string[];
  /** Base image `WorkingDir`, default `/`. */
  readonly imageWorkdir?: string;
  /**
   * ONBUILD triggers of the base stage, run first (`initOnBuildTriggers`); their ranges
   * are the ONBUILD lines of the base stage.
   */
  readonly triggers?: readonly Command[];
  /** Receives dispatch-time lint findings (UndefinedVar, WorkdirRelativePath, ...). */
  readonly linter?: Linter;
  /** The context's `.dockerignore`, for CopyIgnoredFile. */
  readonly ignore?: CopyIgnoreMatcher;
}

/** The state a stage starts from (`dispatchState.init`). */
export function initialState(opts: Pick<SimulateOptions, 'base' | 'imageEnv' | 'imageWorkdir'>): StageEnvState {
  if (opts.base) {
    return { ...opts.base, env: opts.base.env.clone(), configEnv: opts.base.configEnv.clone() };
  }
  const configEnv = EnvList.fromArray(opts.imageEnv ?? []);
  if (!configEnv.has('PATH')) configEnv.set('PATH', DEFAULT_PATH_ENV.slice('PATH='.length));
  return { env: configEnv.clone(), configEnv, args: [], workdir: opts.imageWorkdir || '/', workdirSet: false, user: '' };
}

const SYMBOLIC_MODE = /^[ugoa]*(?:[-+=][rwxXst]*)+(?:,[ugoa]*(?:[-+=][rwxXst]*)+)*$/;

/**
 * `--chmod` as `dispatchCopy` accepts it: octal up to 07777, or symbolic (`u=rwX,go=rX`).
 * Anything else fails with BuildKit's message.
 */
export function validateChmod(chmod: string, range: Range): void {
  const octal = /^[0-7]+$/.test(chmod) ? parseInt(chmod, 8) : undefined;
  if (octal !== undefined ? octal <= 0o7777 : !/^[0-9]/.test(chmod) && SYMBOLIC_MODE.test(chmod)) return;
  throw new InstructionError(
    'copy-chmod',
    `invalid chmod parameter: '${chmod}'. it should be octal string and between 0 and 07777`,
    [range],
  );
}

/** POSIX `path.Clean`. */
export function cleanPath(p: string): string {
  const abs = p.startsWith('/');
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!abs) out.push('..');
    } else out.push(seg);
  }
  const s = (abs ? '/' : '') + out.join('/');
  return s === '' ? '.' : s;
}

/**
 * Walk a stage's commands for metadata only (no RUN is executed): each command expanded
 * with the env before it, ARG scoping as `dispatchArg`, ENV, WORKDIR, USER and SHELL
 * tracking. Returns every step and the final state (the base of stages `FROM` this one).
 */
export function simulateStageEnv(stage: Stage, opts: SimulateOptions): { steps: SimulatedStep[]; state: StageEnvState } {
  const st = initialState(opts);
  const env = st.env;
  const configEnv = st.configEnv;
  const args: ArgPair[] = [...st.args];
  let { workdir, workdirSet, user } = st;
  let shell = st.shell;
  let labelsLength = st.labelsLength ?? 0;
  const steps: SimulatedStep[] = [];
  const checkEnvLength = (range: Range): void => {
    if (env.textLength <= MAX_ENV_LENGTH) return;
    throw new InstructionError('env-too-large', `environment larger than ${MAX_ENV_LENGTH} characters (stageplay's limit, Linux's ARG_MAX)`, [range]);
  };
  const used: Partial<Record<'CMD' | 'ENTRYPOINT' | 'HEALTHCHECK', Command>> = {};
  let lint = opts.linter;

  const reportUnmatched = (cmd: Command, unmatched: Set<string>): void => {
    if (!lint || unmatched.size === 0) return;
    const declared = new Set(args.map((a) => a.key));
    const options = env.keys();
    for (const name of unmatched) {
      if (declared.has(name)) continue;
      lint.run(RULES.UndefinedVar, [cmd.range], name, suggest(name, options, true) ?? '');
    }
  };

  let current: ReadonlyMap<string, string> = env.snapshot();
  for (const raw of [...(opts.triggers ?? []), ...stage.commands]) {
    lint = opts.linter?.withComments(raw.comments);
    const before = current;
    const unmatched = new Set<string>();
    let cmd: Command = raw;
    if (raw.kind === 'ARG') {
      const resolved: ArgPair[] = [];
      for (const a of raw.args) {
        if (lint) lintSecretKey('ARG', a.key, raw.range, lint);
        const hasBuildArg = Object.prototype.hasOwnProperty.call(opts.buildArgs, a.key);
        let value = a.value;
        if (!hasBuildArg && value === undefined) value = opts.globals.env.get(a.key);
        if (hasBuildArg) value = opts.buildArgs[a.key];
        else if (value !== undefined) {
          value = expandWord(value, current, opts.lex, raw.range, unmatched);
        }
        const pair: ArgPair = value !== undefined ? { key: a.key, value } : { key: a.key };
        if (value !== undefined) {
          env.set(a.key, value);
          checkEnvLength(raw.range);
          current = env.snapshot();
        }
        args.push(pair); // append-only, as BuildKit's d.buildArgs: `RUN |N` keeps each name where it was first declared
        resolved.push(pair);
      }
      reportUnmatched(raw, unmatched);
      cmd = { ...raw, args: resolved };
    } else {
      cmd = expandCommand(raw, before, opts.lex, unmatched);
      reportUnmatched(raw, unmatched);
    }
    if ((cmd.kind === 'COPY' || cmd.kind === 'ADD') && cmd.chmod !== undefined) validateChmod(cmd.chmod, raw.range);
    switch (cmd.kind) {
      case 'COPY':
        for (const src of cmd.sourcePaths) {
          if (/^https?:\/\//.test(src)) throw new InstructionError('copy-url', "source can't be a URL for COPY", [raw.range]);
          if (/^(git:\/\/|git@|ssh:\/\/)/.test(src)) {
            throw new InstructionError('copy-git', "source can't be a git ref for COPY", [raw.range]);
          }
          if (lint && opts.ignore && cmd.from === undefined) lintCopyIgnored('Copy', src, opts.ignore, raw.range, lint);
        }
        break;
      case 'ADD':
        if (cmd.checksum !== undefined && cmd.checksum !== '') {
          // convert_copy.go: a pinned digest is only for downloads
          if (cmd.sourcePaths.length !== 1) throw new InstructionError('add-checksum', "checksum can't be specified for multiple sources", [raw.range]);
          if (!/^(https?:\/\/|git:\/\/|git@|ssh:\/\/)/.test(cmd.sourcePaths[0]!)) {
            throw new InstructionError('add-checksum', 'checksum requires HTTP(S) or Git sources', [raw.range]);
          }
        }
        for (const src of cmd.sourcePaths) {
          if (lint && opts.ignore && !/^(https?:\/\/|git:\/\/|git@|ssh:\/\/)/.test(src)) lintCopyIgnored('Add', src, opts.ignore, raw.range, lint);
        }
        break;
      case 'ENV':
        if (lint && cmd.legacy) lint.run(RULES.LegacyKeyValueFormat, [raw.range], cmd.keyword);
        for (const kv of cmd.env) {
          if (lint) lintSecretKey('ENV', kv.key, raw.range, lint);
          env.set(kv.key, kv.value);
          configEnv.set(kv.key, kv.value);
        }
        checkEnvLength(raw.range);
        current = env.snapshot();
        break;
      case 'LABEL':
        if (lint && cmd.legacy) lint.run(RULES.LegacyKeyValueFormat, [raw.range], cmd.keyword);
        for (const kv of cmd.labels) labelsLength += kv.key.length + kv.value.length;
        if (labelsLength > MAX_LABELS_LENGTH) {
          throw new InstructionError('labels-too-large', `labels larger than ${MAX_LABELS_LENGTH} characters (stageplay's limit)`, [raw.range]);
        }
        break;
      case 'WORKDIR': {
        if (lint && !workdirSet && !cmd.path.startsWith('/')) lint.run(RULES.WorkdirRelativePath, [cmd.range], cmd.path);
        workdir = cleanPath(cmd.path.startsWith('/') ? cmd.path : `${workdir}/${cmd.path}`);
        workdirSet = true;
        break;
      }
      case 'USER':
        user = cmd.user;
        break;
      case 'EXPOSE':
        if (lint) for (const port of cmd.ports) lintExposePort(port, raw.range, lint);
        break;
      case 'SHELL':
        shell = cmd.shell;
        break;
      case 'CMD':
      case 'ENTRYPOINT':
      case 'HEALTHCHECK': {
        const prev = used[cmd.kind];
        if (lint && prev) lint.run(RULES.MultipleInstructionsDisallowed, [prev.range], cmd.keyword);
        used[cmd.kind] = cmd;
        if (lint && cmd.kind !== 'HEALTHCHECK' && cmd.prependShell && shell === undefined) {
          lint.run(RULES.JSONArgsRecommended, [cmd.range], cmd.keyword);
        }
        break;
      }
      default:
        break;
    }
    steps.push({ command: cmd, env: current });
  }
  return {
    steps,
    state: { env, configEnv, args, workdir, workdirSet, user, ...(shell ? { shell } : {}), labelsLength },
  };
}
