/**
 * The sandbox worker's side of the wire: a `DockerRuntime` (builds, image store, caches)
 * exposed with comlink. Terminal text, downloads and reports go back through the
 * caller's proxied sink; downloads and archives travel as transferred bytes. Ctrl+C
 * raises a shared flag where the page has shared memory (`workers/cancel-flag.ts`: seen at the
 * engine's next `signal.aborted` check, inside a RUN), and arrives as `cancel(id)` too (read when the
 * build yields at a hash or gzip). The worker entry (`sandbox.worker.ts`) calls `exposeSandbox(self, ...)`;
 * tests call it on one end of a `MessageChannel`.
 */
import { expose, releaseProxy, transfer, type Endpoint } from 'comlink';
import type { PlatformDeps } from '#engine/platform';
import type { ContainerSummary, ImageLayer, ImageSummary, LayerChange } from '../lib/sandbox/panel-data.ts';
import { DockerRuntime } from '../lib/sandbox/docker-runtime.ts';
import type { PersistedState, RuntimeOptions } from '../lib/sandbox/runtime-state.ts';
import type { CommandSink, NamedArchive, RunContext, TerminalInfo } from '../lib/sandbox/engine-api.ts';
import type { HostLineResult, WorkspaceContent } from '#engine/commands';
import type { RuntimeReport } from '../lib/sandbox/report.ts';
import { watchFlag } from '../../../workers/cancel-flag.ts';

/** The page's side of one command, as the worker calls it (through a comlink proxy). */
export interface RemoteSink {
  stdout(text: string): void;
  stderr(text: string): void;
  download(name: string, bytes: Uint8Array, type: string): void;
  report(r: RuntimeReport): void;
  /** Answered after every earlier call on this sink: the worker awaits it before returning. */
  sync(): void;
}

/** One command's plain-data inputs. */
export interface WireContext {
  readonly line: string;
  readonly files: ReadonlyMap<string, WorkspaceContent>;
  readonly terminal?: TerminalInfo;
  /** The page can take downloads. */
  readonly downloads: boolean;
  /** A shared cancel flag (`workers/cancel-flag.ts`'s buffer): Ctrl+C seen inside a step, not only at its end. */
  readonly cancel?: SharedArrayBuffer;
}

/** What the sandbox worker exposes. */
export interface SandboxWorkerApi {
  /** Run terminal line `id` (`ctx.line`) in the shell over `ctx.files`; output goes to `out` (a comlink proxy) before its status and the files it changed return. */
  runLine(id: number, ctx: WireContext, out: RemoteSink): Promise<HostLineResult>;
  /** Ctrl+C for command `id` (ignored when it already ended). */
  cancel(id: number): void;
  /** Liveness check: answers at once when the worker reads messages. */
  ping(): true;
  /** Resolves once the latest save to IndexedDB is done (it runs after a command returns). */
  saved(): Promise<void>;
  listImages(): Promise<ImageSummary[]>;
  imageLayers(ref: string): Promise<ImageLayer[]>;
  layerChanges(ref: string, index: number): Promise<LayerChange[]>;
  imageArchive(ref: string): Promise<NamedArchive>;
  /** The containers, which live as long as this worker (the page). */
  listContainers(): Promise<ContainerSummary[]>;
  stopContainer(id: string): Promise<void>;
  removeContainer(id: string): Promise<void>;
  containerLogs(id: string): Promise<string>;
}

/** Bytes that own their whole buffer (so transferring them moves only them). */
function owned(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
}

/** Opens the saved images and caches; `onNotice` gets each line for the learner (storage full, ...). */
export type OpenState = (onNotice: (message: string) => void) => Promise<PersistedState>;

/** The worker API over a fresh runtime (on the saved state, when `openState` is given). */
export function sandboxApi(options: RuntimeOptions, openState?: OpenState): SandboxWorkerApi {
  const notices: string[] = [];
  const opening = openState ? openState((m) => notices.push(m)) : Promise.resolve(undefined);
  const ready = opening.then((state) => new DockerRuntime({ ...options, ...(state ? { state } : {}) }));
  let runtime: DockerRuntime | undefined;
  void ready.then((r) => (runtime = r));
  const engine = async () => runtime ?? (await ready);
  const running = new Map<number, AbortController>();
  /** Line `id` on the runtime: its sink, Ctrl+C, storage notices after it, then the sink released. */
  async function runLine(id: number, ctx: WireContext, out: RemoteSink): Promise<HostLineResult> {
    const runtime = await engine();
    const controller = new AbortController();
    const unwatch = watchFlag(controller, ctx.cancel);
    running.set(id, controller);
    try {
      const sink: CommandSink = {
        stdout: (t: string) => void out.stdout(t),
        stderr: (t: string) => void out.stderr(t),
        ...(ctx.downloads
          ? {
              download: (name: string, bytes: Uint8Array, type: string) => {
                const b = owned(bytes);
                void out.download(name, transfer(b, [b.buffer as ArrayBuffer]), type);
              },
            }
          : {}),
      };
      const line: RunContext = {
        line: ctx.line,
        files: ctx.files,
        ...(ctx.terminal ? { terminal: ctx.terminal } : {}),
        signal: controller.signal,
        report: (r) => void out.report(r),
      };
      return await runtime.runLine(line, sink);
    } finally {
      running.delete(id);
      unwatch();
      // Storage notices (opening, storage full, saved again) follow the command that met them.
      for (const m of notices.splice(0)) void out.stderr(`stageplay: ${m}\n`);
      // Output travels on the sink's own port: wait until the page has it all, then free the port.
      await out.sync();
      (out as unknown as { [releaseProxy]?: () => void })[releaseProxy]?.();
    }
  }
  return {
    runLine,
    cancel: (id) => running.get(id)?.abort(),
    ping: () => true,
    saved: async () => void (await (await engine()).saved()),
    listImages: async () => (await engine()).listImages(),
    imageLayers: async (ref) => (await engine()).imageLayers(ref),
    layerChanges: async (ref, index) => (await engine()).layerChanges(ref, index),
    listContainers: async () => (await engine()).listContainers(),
    stopContainer: async (id) => (await engine()).stopContainer(id),
    removeContainer: async (id) => (await engine()).removeContainer(id),
    containerLogs: async (id) => (await engine()).containerLogs(id),
    async imageArchive(ref) {
      const a = await (await engine()).imageArchive(ref);
      const bytes = owned(a.bytes);
      return transfer({ name: a.name, bytes }, [bytes.buffer as ArrayBuffer]);
    },
  };
}

/** Serve the sandbox on `endpoint` (the worker's global scope, or a port in tests). */
export function exposeSandbox(endpoint: Endpoint, deps: PlatformDeps, openState?: OpenState, stages?: RuntimeOptions['stages']): void {
  expose(sandboxApi({ deps, ...(stages ? { stages } : {}) }, openState), endpoint);
}
