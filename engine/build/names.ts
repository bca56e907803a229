/**
 * Vertex names of Dockerfile steps (BuildKit `prefixCommand` + `processCmdEnv`):
 * `[stage i/n] INSTRUCTION args` with variables expanded, `i` padded to the width of `n`.
 * FROM of an external image is step 1; `FROM scratch`, `FROM <stage>` and metadata-only
 * instructions are not counted. Single-stage files drop the stage name; unnamed stages of
 * multi-stage files are `stage-N`.
 */
import type { Command, SimulatedStep, Stage } from '../dockerfile/index.ts';
import { ShellLex } from '../dockerfile/shell/lex.ts';
import { isOpCommand, resolveWorkdir } from '../exec/index.ts';

/** Names of a stage's vertexes. */
export interface StageNames {
  /** The FROM vertex's prefix+text when the base is an external image. */
  readonly from?: string;
  /** Step index → vertex name, for op steps. */
  readonly steps: ReadonlyMap<number, string>;
}

function uppercaseCmd(s: string): string {
  const sp = s.indexOf(' ');
  return sp < 0 ? s.toUpperCase() : s.slice(0, sp).toUpperCase() + s.slice(sp);
}

const displayLexers = new Map<string, ShellLex>();

/**
 * The displayed text of a command (BuildKit `processCmdEnv`, moby/buildkit#661): its
 * original line with set variables expanded, quotes and unset variables kept, keyword
 * upper-cased.
 */
export function commandText(cmd: Command, env: ReadonlyMap<string, string>, lex: ShellLex): string {
  let text = cmd.original;
  let display = displayLexers.get(lex.escapeToken);
  if (!display) {
    display = new ShellLex(lex.escapeToken, { skipProcessQuotes: true, skipUnsetEnv: true });
    displayLexers.set(lex.escapeToken, display);
  }
  try {
    text = display.processWord(cmd.original, env);
  } catch {
    // BuildKit shows the original text when it does not expand
  }
  return uppercaseCmd(text);
}

/**
 * The env a RUN's name is expanded with: a variable a secret mount sets (`env=`) shows as
 * `****`, so the name says the value comes from a secret (BuildKit `withSecretEnvMask`).
 */
function withSecretEnvMask(cmd: Command, env: ReadonlyMap<string, string>): ReadonlyMap<string, string> {
  if (cmd.kind !== 'RUN') return env;
  const masked = cmd.mounts.filter((m) => m?.type === 'secret' && m.env !== undefined);
  if (masked.length === 0) return env;
  const out = new Map(env);
  for (const m of masked) out.set(m!.env!, '****');
  return out;
}

/** The stage label: its name, `stage-N` in multi-stage files, none for a single unnamed stage. */
export function stageLabel(stage: Stage, stageCount: number): string | undefined {
  if (stage.name) return stage.name;
  return stageCount > 1 ? `stage-${stage.index}` : undefined;
}

/**
 * Names every vertex of a stage. `fromText` is the FROM vertex text (`FROM docker.io/...@sha256:...`)
 * for an external base, `workdir` the base's working directory.
 */
export function stageNames(
  stage: Stage,
  stageCount: number,
  steps: readonly SimulatedStep[],
  lex: ShellLex,
  workdir: string,
  fromText: string | undefined,
  baseEnv: ReadonlyMap<string, string>,
): StageNames {
  const ops: number[] = [];
  let wd = workdir || '/';
  steps.forEach((s, i) => {
    if (isOpCommand(s.command, wd)) ops.push(i);
    if (s.command.kind === 'WORKDIR') wd = resolveWorkdir(s.command, wd);
  });
  const total = ops.length + (fromText ? 1 : 0);
  const width = String(total).length;
  const label = stageLabel(stage, stageCount);
  const prefix = (n: number) => `[${label ? `${label} ` : ''}${String(n).padStart(width, ' ')}/${total}]`;
  const names = new Map<number, string>();
  let n = fromText ? 1 : 0;
  for (const i of ops) {
    const env = i > 0 ? steps[i - 1]!.env : baseEnv;
    const raw = stage.commands[i - (steps.length - stage.commands.length)] ?? steps[i]!.command;
    names.set(i, `${prefix(++n)} ${commandText(raw, withSecretEnvMask(steps[i]!.command, env), lex)}`);
  }
  return { ...(fromText ? { from: `${prefix(1)} ${fromText}` } : {}), steps: names };
}
