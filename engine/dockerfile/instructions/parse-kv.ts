import type { ArgCommand, ArgPair, EnvCommand, KeyValue, LabelCommand } from './commands.ts';
import { errAtLeastOneArgument, errBlankCommandNames, fault } from './errors.ts';
import type { ParseRequest } from './request.ts';

/** ENV/LABEL args come as triples `name value sep` (sep `=` or `` for legacy form). */
function parseKvps(args: readonly string[], cmd: string): { pairs: KeyValue[]; legacy: boolean } {
  if (args.length === 0) throw errAtLeastOneArgument(cmd);
  if (args.length % 3 !== 0) throw fault('args-too-many', `Bad input to ${cmd}, too many arguments`);
  const pairs: KeyValue[] = [];
  let legacy = false;
  for (let j = 0; j < args.length; j += 3) {
    if (args[j]!.length === 0) throw errBlankCommandNames(cmd);
    pairs.push({ key: args[j]!, value: args[j + 1]! });
    if (args[j + 2] === '') legacy = true;
  }
  return { pairs, legacy };
}

/** ENV key=value... or legacy ENV key value. */
export function parseEnv(req: ParseRequest): EnvCommand {
  req.flags({});
  const { pairs, legacy } = parseKvps(req.args, 'ENV');
  return { kind: 'ENV', ...req.base, env: pairs, legacy };
}

/** LABEL key=value... or legacy LABEL key value. */
export function parseLabel(req: ParseRequest): LabelCommand {
  req.flags({});
  const { pairs, legacy } = parseKvps(req.args, 'LABEL');
  return { kind: 'LABEL', ...req.base, labels: pairs, legacy };
}

/** ARG name[=default]... */
export function parseArg(req: ParseRequest): ArgCommand {
  if (req.args.length < 1) throw errAtLeastOneArgument('ARG');
  req.flags({});
  const args: ArgPair[] = req.args.map((a) => {
    const eq = a.indexOf('=');
    if (eq < 0) return { key: a };
    if (eq === 0) throw errBlankCommandNames('ARG');
    return { key: a.slice(0, eq), value: a.slice(eq + 1) };
  });
  return { kind: 'ARG', ...req.base, args };
}
