/**
 * `docker build --call=outline`: what a target takes as input, as BuildKit's outline
 * subrequest reports it (`dockerfile2llb/outline.go`) and buildx prints it. The target's
 * name and description; the build args it uses: every ARG declared in the stages the
 * target needs, and the global ARGs their FROM lines expand (with the globals those
 * defaults expand in turn), with the value after expansion (`--build-arg` wins) and the
 * description (`# NAME description` above the ARG); the secrets and ssh sockets its
 * `RUN --mount`s use. Each entry carries its Dockerfile location; entries are sorted by it.
 */
import type { Frontend } from '../frontend/index.ts';
import { defaultArgs } from '../dockerfile/index.ts';
import type { ArgCommand, Command } from '../dockerfile/instructions/commands.ts';
import { docDescription, type Stage } from '../dockerfile/instructions/stages.ts';
import type { Range } from '../source/range.ts';
import { tabwrite } from '../report/tabwriter.ts';

/** One build arg of the outline. */
export interface OutlineArg {
  readonly name: string;
  readonly value: string;
  readonly description: string;
  /** The ARG instruction that gives the value (the last one for a global declared twice). */
  readonly range: Range;
}

/** One secret (or ssh socket) of the outline: its id, whether a mount requires it, the first RUN that mounts it. */
export interface OutlineSecret {
  readonly name: string;
  readonly required: boolean;
  readonly range: Range;
}

/** BuildKit's `outline.Outline` (the `cache` list is not modelled: BuildKit leaves it empty too). */
export interface Outline {
  readonly name: string;
  readonly description: string;
  readonly args: readonly OutlineArg[];
  readonly secrets: readonly OutlineSecret[];
  readonly ssh: readonly OutlineSecret[];
}

/** What BuildKit's `argInfo` keeps of a declaration. */
interface ArgInfo {
  readonly arg: OutlineArg;
  /** Global args its default expanded (themselves listed when it is). */
  readonly deps: ReadonlySet<string>;
}

/** The global ARGs as `buildMetaArgs` records them: the last declaration of each name wins. */
function globalArgInfos(fe: Frontend, buildArgs: Readonly<Record<string, string>>): Map<string, ArgInfo> {
  const env = new Map(defaultArgs(fe.buildPlatform, fe.targetPlatform, buildArgs, fe.target.name ?? '').toMap());
  const infos = new Map<string, ArgInfo>();
  for (const cmd of fe.metaArgs) {
    for (const a of cmd.args) {
      let value: string | undefined;
      let deps = new Set<string>();
      if (Object.prototype.hasOwnProperty.call(buildArgs, a.key)) value = buildArgs[a.key]!;
      else if (a.value !== undefined) {
        const m = fe.lex.processWordWithMatches(a.value, env);
        value = m.result;
        deps = new Set(m.matched);
        if (deps.delete(a.key)) for (const d of infos.get(a.key)?.deps ?? []) deps.add(d);
      }
      if (value !== undefined) env.set(a.key, value);
      infos.set(a.key, { arg: outlineArg(cmd, a.key, value ?? ''), deps });
    }
  }
  return infos;
}

function outlineArg(cmd: ArgCommand, key: string, value: string): OutlineArg {
  return { name: key, value, description: docDescription(cmd.comments, key), range: cmd.range };
}

/** What one dispatched stage contributes (BuildKit's per-stage `outlineCapture`). */
interface StageCapture {
  readonly args: Map<string, ArgInfo>;
  readonly used: Set<string>;
  readonly secrets: Map<string, OutlineSecret>;
  readonly ssh: Map<string, OutlineSecret>;
}

/** The names a FROM line's base name and platform expand. */
function fromUses(fe: Frontend, stage: Stage): Set<string> {
  const env = fe.globals.env.toMap();
  const used = new Set<string>();
  for (const word of [stage.baseName, stage.platform ?? '']) {
    if (word === '') continue;
    try {
      for (const k of fe.lex.processWordWithMatches(word, env).matched) used.add(k);
    } catch {
      // the front end already reported the FROM line's error
    }
  }
  return used;
}

function captureStage(fe: Frontend, stage: Stage, globals: ReadonlyMap<string, ArgInfo>, buildArgs: Readonly<Record<string, string>>, inherited: ReadonlySet<string>): StageCapture {
  const cap: StageCapture = { args: new Map(globals), used: new Set([...inherited, ...fromUses(fe, stage)]), secrets: new Map(), ssh: new Map() };
  const steps = fe.simulated.get(stage.index)?.steps ?? [];
  const triggers = steps.length - stage.commands.length;
  steps.forEach((step, i) => {
    const cmd = step.command as Command;
    const raw = i >= triggers ? stage.commands[i - triggers]! : cmd;
    if (cmd.kind === 'ARG' && raw.kind === 'ARG') {
      cmd.args.forEach((a, j) => {
        const declaredValue = raw.args[j]?.value;
        const hasBuildArg = Object.prototype.hasOwnProperty.call(buildArgs, a.key);
        // an ARG without a default that takes a global's value keeps the global's entry (`skipArgInfo`)
        const inheritsGlobal = declaredValue === undefined && !hasBuildArg && fe.globals.env.has(a.key);
        if (!inheritsGlobal) cap.args.set(a.key, { arg: outlineArg(cmd, a.key, a.value ?? ''), deps: new Set() });
        cap.used.add(a.key);
      });
    }
    if (cmd.kind !== 'RUN') return;
    for (const m of cmd.mounts) {
      if (!m) continue;
      if (m.type === 'secret') {
        const id = m.source || m.id || m.target.slice(m.target.lastIndexOf('/') + 1);
        if (id && !cap.secrets.has(id)) cap.secrets.set(id, { name: id, required: m.required, range: cmd.range });
      } else if (m.type === 'ssh') {
        const id = m.id || 'default';
        if (!cap.ssh.has(id)) cap.ssh.set(id, { name: id, required: m.required, range: cmd.range });
      }
    }
  });
  // markAllUsed: a used arg's default makes the args it expanded used too
  const pending = [...cap.used];
  while (pending.length > 0) {
    for (const d of cap.args.get(pending.pop()!)?.deps ?? []) {
      if (!cap.used.has(d)) {
        cap.used.add(d);
        pending.push(d);
      }
    }
  }
  return cap;
}

/** The stages a stage needs besides its base (`COPY --from`, `RUN --mount from=`, ONBUILD). */
function depsOf(fe: Frontend, index: number): number[] {
  const out: number[] = [];
  for (const e of fe.graph.edges) if (e.to === index && e.kind !== 'base' && typeof e.from === 'number' && !out.includes(e.from)) out.push(e.from);
  return out;
}

const byLine = <T extends { readonly range: Range }>(a: T, b: T): number => a.range.start.line - b.range.start.line;

/** The outline of the loaded front end's target (BuildKit `dispatchState.Outline`). */
export function outlineOf(fe: Frontend, buildArgs: Readonly<Record<string, string>>): Outline {
  const globals = globalArgInfos(fe, buildArgs);
  const captures = new Map<number, StageCapture>();
  const fromChain = new Map<number, Set<string>>();
  for (const i of fe.order) {
    const base = fe.graph.bases[i]!;
    // a stage starts from what its base stage's FROM lines used, as BuildKit clones the base's capture
    const inherited = base.kind === 'stage' ? (fromChain.get(base.index) ?? new Set<string>()) : new Set<string>();
    fromChain.set(i, new Set([...inherited, ...fromUses(fe, fe.stages[i]!)]));
    captures.set(i, captureStage(fe, fe.stages[i]!, globals, buildArgs, inherited));
  }
  const args: OutlineArg[] = [];
  const secrets: OutlineSecret[] = [];
  const ssh: OutlineSecret[] = [];
  const seen = { args: new Set<string>(), secrets: new Set<string>(), ssh: new Set<string>() };
  const visited = new Set<number>();
  const walk = (i: number): void => {
    if (visited.has(i)) return;
    visited.add(i);
    const cap = captures.get(i);
    if (!cap) return;
    for (const k of cap.used) {
      const info = cap.args.get(k);
      if (info && !seen.args.has(k)) {
        seen.args.add(k);
        args.push(info.arg);
      }
    }
    for (const [k, s] of cap.secrets) if (!seen.secrets.has(k)) (seen.secrets.add(k), secrets.push(s));
    for (const [k, s] of cap.ssh) if (!seen.ssh.has(k)) (seen.ssh.add(k), ssh.push(s));
    const base = fe.graph.bases[i]!;
    if (base.kind === 'stage') walk(base.index);
    for (const d of depsOf(fe, i)) walk(d);
  };
  walk(fe.target.index);
  return {
    name: fe.target.name ?? '',
    description: fe.target.description,
    args: args.sort(byLine),
    secrets: secrets.sort(byLine),
    ssh: ssh.sort(byLine),
  };
}

/** A Dockerfile range as BuildKit's `pb.Location` (lines only: the front end's ranges start at character 0). */
export function pbLocation(r: Range): { ranges: { start: { line: number }; end: { line: number } }[] } {
  return { ranges: [{ start: { line: r.start.line }, end: { line: r.end.line } }] };
}

/** Base64 of the Dockerfile's UTF-8 bytes: how Go's encoding/json writes a `[]byte` source. */
export function sourceBytes(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

/** `json.MarshalIndent(v, "", "  ")`: two-space indent, `<`, `>`, `&`, U+2028 and U+2029 escaped as Go does. */
export function goJSON(v: unknown): string {
  return JSON.stringify(v, null, 2).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The outline's `result.json`, field for field as BuildKit marshals it (empty fields left out). */
export function outlineJSON(o: Outline, dockerfile: string): string {
  const secret = (s: OutlineSecret) => ({ name: s.name, ...(s.required ? { required: true } : {}), location: pbLocation(s.range) });
  return goJSON({
    ...(o.name ? { name: o.name } : {}),
    ...(o.description ? { description: o.description } : {}),
    ...(o.args.length
      ? { args: o.args.map((a) => ({ name: a.name, ...(a.description ? { description: a.description } : {}), ...(a.value ? { value: a.value } : {}), location: pbLocation(a.range) })) }
      : {}),
    ...(o.secrets.length ? { secrets: o.secrets.map(secret) } : {}),
    ...(o.ssh.length ? { ssh: o.ssh.map(secret) } : {}),
    sources: [sourceBytes(dockerfile)],
  });
}

/** buildx's `PrintOutline`: a TARGET block, then BUILD ARG, SECRET and SSH tables, each followed by a blank line. */
export function formatOutline(o: Outline): string {
  let out = '';
  if (o.name || o.description) {
    out += tabwrite(`TARGET:\t${o.name || '(default)'}\n${o.description ? `DESCRIPTION:\t${o.description}\n` : ''}`, { padding: 1 }) + '\n';
  }
  if (o.args.length) {
    out += tabwrite(`BUILD ARG\tVALUE\tDESCRIPTION\n${o.args.map((a) => `${a.name}\t${a.value}\t${a.description}\n`).join('')}`, { padding: 3 }) + '\n';
  }
  const table = (title: string, list: readonly OutlineSecret[]): string =>
    list.length ? tabwrite(`${title}\tREQUIRED\n${list.map((s) => `${s.name}\t${s.required ? 'true' : ''}\n`).join('')}`, { padding: 3 }) + '\n' : '';
  return out + table('SECRET', o.secrets) + table('SSH', o.ssh);
}
