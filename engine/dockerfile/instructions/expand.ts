import { InstructionError, withRange } from '../../source/errors.ts';
import type { Range } from '../../source/range.ts';
import { ShellLex } from '../shell/lex.ts';
import type { Command, InlineFile } from './commands.ts';
import { InstructionFault } from './errors.ts';
import { parseMount } from './runmount.ts';

/** Heredoc bodies: `\` escapes, quotes left alone (BuildKit `ExpandRaw`). */
const rawLex = new ShellLex('\\', { skipProcessQuotes: true });

/** Expand one word with `lex`, collecting unset names; errors get `range` attached. */
export function expandWord(
  word: string,
  env: ReadonlyMap<string, string>,
  lex: ShellLex,
  range: Range,
  unmatched?: Set<string>,
): string {
  try {
    const r = lex.processWordWithMatches(word, env);
    if (unmatched) for (const u of r.unmatched) unmatched.add(u);
    return r.result;
  } catch (err) {
    throw withRange(err, [range], 'expand');
  }
}

/**
 * Variable expansion of one instruction, as BuildKit's `Expand` methods do at dispatch
 * (§3.2): every field sees `env` as it was before the instruction (`ENV a=bye b=$a`
 * gives `b` the old `a`). Returns a new command; `unmatched` (when given) collects the
 * names that were looked up and not set (lint `UndefinedVar`). Errors carry the range.
 *
 * Expanded: ENV/LABEL keys and values; COPY/ADD sources, destination, `--chown`,
 * `--chmod` (ADD also `--checksum`) and unquoted heredoc bodies; WORKDIR, USER,
 * STOPSIGNAL, VOLUME paths; EXPOSE with word splitting; RUN `--mount` values. Not
 * expanded: ARG (see `simulateStageEnv`), FROM (see `expandFrom`), `COPY --from`, ONBUILD,
 * CMD, ENTRYPOINT, SHELL, HEALTHCHECK, MAINTAINER and RUN's command text.
 */
export function expandCommand(
  cmd: Command,
  env: ReadonlyMap<string, string>,
  lex: ShellLex,
  unmatched?: Set<string>,
): Command {
  const word = (w: string): string => {
    const r = lex.processWordWithMatches(w, env);
    if (unmatched) for (const u of r.unmatched) unmatched.add(u);
    return r.result;
  };
  const opt = (w: string | undefined): string | undefined => (w === undefined ? undefined : word(w));
  const body = (f: InlineFile): InlineFile => {
    if (!f.expand) return f;
    const r = rawLex.processWordWithMatches(f.data, env);
    if (unmatched) for (const u of r.unmatched) unmatched.add(u);
    return { ...f, data: r.result };
  };
  try {
    switch (cmd.kind) {
      case 'ENV':
        return { ...cmd, env: cmd.env.map((kv) => ({ key: word(kv.key), value: word(kv.value) })) };
      case 'LABEL':
        return { ...cmd, labels: cmd.labels.map((kv) => ({ key: word(kv.key), value: word(kv.value) })) };
      case 'COPY':
        return {
          ...cmd,
          sourcePaths: cmd.sourcePaths.map(word),
          sourceContents: cmd.sourceContents.map(body),
          destPath: word(cmd.destPath),
          ...(cmd.chown !== undefined ? { chown: opt(cmd.chown)! } : {}),
          ...(cmd.chmod !== undefined ? { chmod: opt(cmd.chmod)! } : {}),
        };
      case 'ADD':
        return {
          ...cmd,
          sourcePaths: cmd.sourcePaths.map(word),
          sourceContents: cmd.sourceContents.map(body),
          destPath: word(cmd.destPath),
          ...(cmd.chown !== undefined ? { chown: opt(cmd.chown)! } : {}),
          ...(cmd.chmod !== undefined ? { chmod: opt(cmd.chmod)! } : {}),
          ...(cmd.checksum !== undefined ? { checksum: opt(cmd.checksum)! } : {}),
        };
      case 'WORKDIR':
        return { ...cmd, path: word(cmd.path) };
      case 'USER':
        return { ...cmd, user: word(cmd.user) };
      case 'STOPSIGNAL':
        return { ...cmd, signal: word(cmd.signal) };
      case 'VOLUME':
        return { ...cmd, volumes: cmd.volumes.map(word) };
      case 'EXPOSE':
        return {
          ...cmd,
          ports: cmd.ports.flatMap((p) => {
            const r = lex.processWordWithMatches(p, env);
            if (unmatched) for (const u of r.unmatched) unmatched.add(u);
            return lex.processWords(p, env);
          }),
        };
      case 'RUN':
        return { ...cmd, mounts: cmd.mountSpecs.map((spec) => parseMount(spec, word)) };
      default:
        return cmd;
    }
  } catch (err) {
    if (err instanceof InstructionFault) throw new InstructionError(err.code, err.message, [cmd.range]);
    throw withRange(err, [cmd.range], 'expand');
  }
}
