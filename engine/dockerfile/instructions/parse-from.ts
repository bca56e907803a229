import type { FromCommand } from './commands.ts';
import { fault } from './errors.ts';
import type { ParseRequest } from './request.ts';

const VALID_STAGE_NAME = /^[a-z][a-z0-9\-_.]*$/;

/** FROM [--platform=p] ref [AS name] (`parseFrom` + `parseBuildStageName`). */
export function parseFrom(req: ParseRequest): FromCommand {
  const a = req.args;
  let stageName: string | undefined;
  if (a.length === 3 && a[1]!.toLowerCase() === 'as') {
    stageName = a[2]!.toLowerCase();
    if (!VALID_STAGE_NAME.test(stageName)) {
      throw fault(
        'from-stage-name',
        `invalid name for build stage: ${JSON.stringify(a[2])}, name can't start with a number or contain symbols`,
      );
    }
  } else if (a.length !== 1) {
    throw fault('from-args', 'FROM requires either one or three arguments');
  }
  const f = req.flags({ platform: 'string' });
  const platform = f.strings.get('platform');
  return {
    kind: 'FROM',
    ...req.base,
    baseName: a[0]!,
    ...(stageName !== undefined ? { stageName, stageNameWritten: a[2]!, asKeyword: a[1]! } : {}),
    ...(platform !== undefined ? { platform } : {}),
  };
}
