import { isContainerCommand, parseDockerCommand, runContainerCommand, UsageError, type DockerCommand, runHistory, runImages, runPrune, runRmi } from '#engine/commands';
import { nodeDeps } from '#engine/platform/node';
import { inertControls } from '#engine/report';
import type { CliIO } from './io.ts';
import { runBuild } from './build.ts';
import { runSave } from './save.ts';
import { runBuilderPrune } from './builder-prune.ts';
import { catalogLayerBlob } from '#engine/store/base-layers';
import { cliContainers } from './run.ts';
import { LocalState, stateRoot } from './state.ts';
import { StoreError } from './store-lock.ts';

/**
 * The CLI's entry, in-process so tests can drive it: `argv` are the words after
 * `stageplay` (the same words that follow `docker`). Returns the exit code.
 */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (err) {
    if (!(err instanceof StoreError)) throw err;
    io.stderr(`ERROR: ${err.message}\n`);
    return 1;
  }
}

async function dispatch(argv: readonly string[], io: CliIO): Promise<number> {
  let cmd: DockerCommand;
  try {
    cmd = parseDockerCommand(argv, io.env);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(err.message.replace(/'docker /g, "'stageplay ") + '\n');
      return err.exitCode;
    }
    throw err;
  }
  if (cmd.kind === 'help') {
    io.stdout(cmd.text.replace(/docker /g, 'stageplay '));
    return 0;
  }
  if (cmd.kind === 'build') return runBuild(cmd.options, io);
  const state = openState(io, cmd.root);
  if (isContainerCommand(cmd)) {
    const containers = cliContainers(state.root, state, nodeDeps, () => io.now?.() ?? Date.now(), (line) => io.stderr(line + '\n'));
    // an attached run or `logs -f` waits on a simulated process, which holds no timer or
    // socket: this keeps Node from ending the command (exit 13) until Ctrl+C or the process ends
    const alive = setInterval(() => {}, 1 << 30);
    try {
      return await runContainerCommand({ containers, images: state }, cmd, { ...terminalSafe(io), env: io.env });
    } finally {
      clearInterval(alive);
      await containers.suspend();
    }
  }
  switch (cmd.kind) {
    case 'images':
      return runImages(state, io, cmd.pattern, cmd.quiet);
    case 'history':
      return runHistory(state, io, cmd.image, cmd.quiet);
    case 'rmi':
    case 'image-prune': {
      const containers = cliContainers(state.root, state, nodeDeps, () => Date.now(), (line) => io.stderr(line + '\n'));
      const user = (id: string) => containers.imageUser(id);
      return cmd.kind === 'rmi' ? runRmi(state, io, cmd.images, cmd.force, user) : runPrune(state, io, cmd.all, user);
    }
    case 'builder-prune':
      return runBuilderPrune(state.root, io, cmd.all, cmd.force);
    case 'save':
      return runSave(state, io, cmd.images, cmd.output, nodeDeps, (d) => catalogLayerBlob(d, nodeDeps));
  }
}

/** `io` whose stdout and stderr, where they are a terminal, show program output inert (`ESC` as `^[`, C1 as `M-^[`); a pipe or file gets the bytes. */
function terminalSafe(io: CliIO): CliIO {
  return {
    ...io,
    stdout: io.stdoutIsTTY ? (s) => io.stdout(inertControls(s)) : (s) => io.stdout(s),
    stderr: io.stderrIsTTY ? (s) => io.stderr(inertControls(s)) : (s) => io.stderr(s),
  };
}

/** The persistent state for a command (`--root`, else the XDG data directory). */
export function openState(io: CliIO, root: string | undefined): LocalState {
  return LocalState.open(stateRoot(io.env, io.cwd, root), (line) => io.stderr(line + '\n'));
}
