/**
 * `docker build --call=outline`: what a target takes as input, as BuildKit's outline
 * subrequest reports it and buildx prints it. The target's name and description, the
 * build args the target's stages use (declared ARGs, globals included, referenced as
 * `$NAME`/`${NAME}` anywhere in those stages), in declaration order, with their value
 * (`--build-arg`, else the default) and description (`# NAME description` above the ARG),
 * and the secrets its `RUN --mount=type=secret` steps mount.
 */
import type { Frontend } from '../dockerfile/index.ts';
import { BUILTIN_ARGS, defaultArgs } from '../dockerfile/index.ts';
import type { ArgCommand, Command } from '../dockerfile/instructions/commands.ts';
import { docDescription } from '../dockerfile/instructions/stages.ts';
import { tabwrite } from '../report/tabwriter.ts';

/** One build arg of the outline. */
export interface OutlineArg {
  readonly name: string;
  readonly value: string;
  readonly description: string;
  readonly line: number;
}

/** One secret of the outline. */
export interface OutlineSecret {
  readonly name: string;
  readonly required: boolean;
}

/** BuildKit's `outline.Outline`, as far as stageplay models it. */
export interface Outline {
  readonly name: string;
  readonly description: string;
  readonly args: readonly OutlineArg[];
  readonly secrets: readonly OutlineSecret[];
}

const uses = (text: string, name: string): boolean => new RegExp(`\\$(${name}\\b|\\{${name}[}:])`).test(text);

/** The outline of the loaded front end's target. */
export function outlineOf(fe: Frontend, buildArgs: Readonly<Record<string, string>>): Outline {
  const stages = fe.reachable;
  const texts = stages.flatMap((s) => [s.from.original, ...s.commands.map((c) => c.original)]).join('\n');
  const builtins = defaultArgs(fe.buildPlatform, fe.targetPlatform, buildArgs, fe.target.name ?? 'default');
  const metaDefaults = new Map<string, string>();
  const args = new Map<string, OutlineArg>();
  const declare = (cmd: ArgCommand, inStage: boolean): void => {
    for (const a of cmd.args) {
      if (args.has(a.key) || !uses(texts, a.key)) continue;
      if (!inStage && !stages.some((s) => uses(s.from.original, a.key) || s.commands.some((c) => c.kind === 'ARG' && c.args.some((x) => x.key === a.key)))) continue;
      const fallback = (BUILTIN_ARGS as readonly string[]).includes(a.key) ? builtins.get(a.key) : metaDefaults.get(a.key);
      let value = buildArgs[a.key] ?? fallback ?? '';
      if (buildArgs[a.key] === undefined && a.value !== undefined) {
        try {
          value = fe.lex.processWord(a.value, new Map(metaDefaults)); // quotes removed, `${X}` expanded
        } catch {
          value = a.value;
        }
      }
      args.set(a.key, { name: a.key, value, description: docDescription(cmd.comments, a.key), line: cmd.range.start.line });
    }
  };
  for (const m of fe.metaArgs) for (const a of m.args) if (a.value !== undefined) metaDefaults.set(a.key, a.value);
  for (const m of fe.metaArgs) declare(m, false);
  const secrets = new Map<string, OutlineSecret>();
  for (const s of stages) {
    for (const c of s.commands as readonly Command[]) {
      if (c.kind === 'ARG') declare(c, true);
      if (c.kind !== 'RUN') continue;
      for (const m of c.mounts) {
        if (m?.type !== 'secret') continue;
        const id = m.id || m.target.slice(m.target.lastIndexOf('/') + 1);
        secrets.set(id, { name: id, required: (secrets.get(id)?.required ?? false) || m.required });
      }
    }
  }
  return {
    name: fe.target.name ?? '',
    description: fe.target.description,
    args: [...args.values()].sort((a, b) => a.line - b.line),
    secrets: [...secrets.values()],
  };
}

/** buildx's `PrintOutline`: a TARGET block, then BUILD ARG and SECRET tables, each followed by a blank line. */
export function formatOutline(o: Outline): string {
  let out = '';
  if (o.name || o.description) {
    out += tabwrite(`TARGET:\t${o.name || '(default)'}\n${o.description ? `DESCRIPTION:\t${o.description}\n` : ''}`, { padding: 1 }) + '\n';
  }
  if (o.args.length) {
    out += tabwrite(`BUILD ARG\tVALUE\tDESCRIPTION\n${o.args.map((a) => `${a.name}\t${a.value}\t${a.description}\n`).join('')}`, { padding: 3 }) + '\n';
  }
  if (o.secrets.length) {
    out += tabwrite(`SECRET\tREQUIRED\n${o.secrets.map((s) => `${s.name}\t${s.required ? 'true' : ''}\n`).join('')}`, { padding: 3 }) + '\n';
  }
  return out;
}
