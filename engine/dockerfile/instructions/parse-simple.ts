import type {
  ExposeCommand, MaintainerCommand, StopSignalCommand, UserCommand, VolumeCommand, WorkdirCommand,
} from './commands.ts';
import { errAtLeastOneArgument, errExactlyOneArgument, fault } from './errors.ts';
import type { ParseRequest } from './request.ts';

/** The single argument of USER/WORKDIR/STOPSIGNAL/MAINTAINER. */
function one(req: ParseRequest, cmd: string): string {
  if (req.args.length !== 1) throw errExactlyOneArgument(cmd);
  req.flags({});
  return req.args[0]!;
}

/** USER user[:group] (the rest of the line). */
export function parseUser(req: ParseRequest): UserCommand {
  return { kind: 'USER', ...req.base, user: one(req, 'USER') };
}

/** WORKDIR path (the rest of the line). */
export function parseWorkdir(req: ParseRequest): WorkdirCommand {
  return { kind: 'WORKDIR', ...req.base, path: one(req, 'WORKDIR') };
}

/** STOPSIGNAL signal, stored as written. */
export function parseStopSignal(req: ParseRequest): StopSignalCommand {
  return { kind: 'STOPSIGNAL', ...req.base, signal: one(req, 'STOPSIGNAL') };
}

/** MAINTAINER name (deprecated; lint MaintainerDeprecated). */
export function parseMaintainer(req: ParseRequest): MaintainerCommand {
  return { kind: 'MAINTAINER', ...req.base, maintainer: one(req, 'MAINTAINER') };
}

/** EXPOSE port...; BuildKit sorts the raw specs. */
export function parseExpose(req: ParseRequest): ExposeCommand {
  if (req.args.length === 0) throw errAtLeastOneArgument('EXPOSE');
  req.flags({});
  return { kind: 'EXPOSE', ...req.base, ports: [...req.args].sort() };
}

/** VOLUME path... (JSON or words); an empty entry is an error. */
export function parseVolume(req: ParseRequest): VolumeCommand {
  if (req.args.length === 0) throw errAtLeastOneArgument('VOLUME');
  req.flags({});
  const volumes = req.args.map((v) => {
    const t = v.trim();
    if (t === '') throw fault('volume-empty', 'VOLUME specified can not be an empty string');
    return t;
  });
  return { kind: 'VOLUME', ...req.base, volumes };
}
