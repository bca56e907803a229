import type { CmdCommand, EntrypointCommand, RunCommand, ShellCommand } from './commands.ts';
import { errAtLeastOneArgument, errNotJSON, fault } from './errors.ts';
import { parseMountAtParse } from './runmount.ts';
import { handleJSONArgs, inlineFiles, type ParseRequest } from './request.ts';

const NETWORK_MODES = ['default', 'none', 'host'] as const;
const SECURITY_MODES = ['sandbox', 'insecure'] as const;

/** RUN: exec/shell form, `--mount` (parse-time pass), `--network`, `--security`, `--device`. */
export function parseRun(req: ParseRequest): RunCommand {
  const f = req.flags({ mount: 'strings', network: 'string', security: 'string', device: 'strings' });
  const mountSpecs = f.lists.get('mount') ?? [];
  const mounts = mountSpecs.map(parseMountAtParse);
  const network = f.strings.get('network');
  if (network !== undefined && !(NETWORK_MODES as readonly string[]).includes(network)) {
    throw fault('run-network', `invalid network mode "${network}"`);
  }
  const security = f.strings.get('security');
  if (security !== undefined && !(SECURITY_MODES as readonly string[]).includes(security)) {
    throw fault('run-security', `security "${security}" is not valid`);
  }
  return {
    kind: 'RUN',
    ...req.base,
    cmdLine: handleJSONArgs(req.args, req.node.json),
    prependShell: !req.node.json,
    mountSpecs,
    mounts,
    ...(network !== undefined ? { network: network as RunCommand['network'] } : {}),
    ...(security !== undefined ? { security: security as RunCommand['security'] } : {}),
    devices: f.lists.get('device') ?? [],
    files: inlineFiles(req.node),
  };
}

/** CMD: exec or shell form; `CMD []` is an empty list. */
export function parseCmd(req: ParseRequest): CmdCommand {
  req.flags({});
  return { kind: 'CMD', ...req.base, cmdLine: handleJSONArgs(req.args, req.node.json), prependShell: !req.node.json };
}

/** ENTRYPOINT: exec or shell form; `ENTRYPOINT []` is null (unset). */
export function parseEntrypoint(req: ParseRequest): EntrypointCommand {
  req.flags({});
  const cmd = handleJSONArgs(req.args, req.node.json);
  return { kind: 'ENTRYPOINT', ...req.base, cmdLine: cmd.length === 0 ? null : cmd, prependShell: !req.node.json };
}

/** SHELL: JSON form only, at least one element. */
export function parseShell(req: ParseRequest): ShellCommand {
  req.flags({});
  const shell = handleJSONArgs(req.args, req.node.json);
  if (shell.length === 0) throw errAtLeastOneArgument('SHELL');
  if (!req.node.json) throw errNotJSON('SHELL');
  return { kind: 'SHELL', ...req.base, shell };
}
