import { parseDockerCommand, UsageError } from '../engine/commands/index.ts';
import type { CliIO } from './io.ts';
import { runBuild } from './build.ts';

/**
 * The CLI's entry, in-process so tests can drive it: `argv` are the words after
 * `stageplay` (the same words that follow `docker`). Returns the exit code.
 */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  let cmd;
  try {
    cmd = parseDockerCommand(argv, io.env);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(err.message.replace(/'docker /g, "'stageplay ") + '\n');
      return err.exitCode;
    }
    throw err;
  }
  switch (cmd.kind) {
    case 'help':
      io.stdout(cmd.text.replace(/docker /g, 'stageplay '));
      return 0;
    case 'build':
      return runBuild(cmd.options, io);
    default:
      io.stderr(`stageplay: "${argv[0]}" needs images, which arrive with the execution engine (the next open issue).\n`);
      return 1;
  }
}
