/**
 * Tests' terminal: lines run by a `DockerRuntime` in this thread over a fixed set of
 * workspace files, as `SandboxClient.run` runs them on its engine side (the client's own
 * part, applying the files a line wrote to the workspace, is `SandboxClient.test.ts`'s).
 */
import type { WorkspaceContent } from '#engine/commands';
import { DockerRuntime } from './docker-runtime.ts';
import type { CommandResult, CommandSink, TerminalInfo } from './engine-api.ts';
import type { ReportSink } from './report.ts';
import type { RuntimeOptions } from './runtime-state.ts';

export class TestTerminal {
  private readonly runtime: DockerRuntime;

  constructor(
    private readonly files: () => ReadonlyMap<string, WorkspaceContent>,
    options: RuntimeOptions,
  ) {
    this.runtime = new DockerRuntime(options);
  }

  /** Run one line over the files as they are now. */
  run(line: string, out: CommandSink, signal?: AbortSignal, extras: { readonly terminal?: TerminalInfo; readonly report?: ReportSink } = {}): Promise<CommandResult> {
    return this.runtime.runLine({ line, files: this.files(), ...(signal ? { signal } : {}), ...extras }, out);
  }
}
