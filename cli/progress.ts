import { progressSink as sinkFor, type ProgressSink } from '../engine/commands/progress.ts';
import type { BuildOptions } from '../engine/commands/index.ts';
import type { CliIO } from './io.ts';

export type { ProgressSink } from '../engine/commands/progress.ts';

/** The display `--progress` asks for, on the CLI's stderr (the choice itself lives in the engine). */
export function progressSink(mode: BuildOptions['progress'], io: CliIO): ProgressSink {
  return sinkFor(mode, io);
}
