/**
 * A container command with its record: a foreground `docker run` and a `docker exec` leave
 * a `RunRecord` of what they printed, which lesson checks read (`run-output`,
 * `exec-output`). The page's terminal and the lesson walker both run container commands
 * through here.
 */
import { runContainerCommand, type ContainerCommand, type ContainerHost, type ContainerIO } from '../commands/containers/index.ts';
import type { RunRecord } from './types.ts';

/** The exit code, and the record when the command leaves one. */
export interface RecordedCommand {
  readonly exitCode: number;
  readonly record?: RunRecord;
}

/** Run `cmd` (typed as `line`) on `host`, recording what a foreground run or an exec prints. */
export async function runRecordedContainerCommand(host: ContainerHost, cmd: ContainerCommand, io: ContainerIO, line: string): Promise<RecordedCommand> {
  const recorded = (cmd.kind === 'run' && !cmd.detach) || cmd.kind === 'exec';
  // the container an exec runs in, as it is before the command
  const target = cmd.kind === 'exec' ? host.containers.find(cmd.container) : undefined;
  let output = '';
  const tee = (write: (t: string) => void) => (t: string) => {
    if (recorded) output += t;
    write(t);
  };
  const exitCode = await runContainerCommand(host, cmd, { ...io, stdout: tee((t) => io.stdout(t)), stderr: tee((t) => io.stderr(t)) });
  if (cmd.kind === 'run' && recorded) return { exitCode, record: { command: line, image: cmd.image, exitCode, output } };
  if (cmd.kind === 'exec' && target) return { exitCode, record: { command: line, image: target.image, container: target.name, exitCode, output } };
  return { exitCode };
}
