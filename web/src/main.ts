/** Entry point: open the persisted workspace, then mount the app. */
import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { registerServiceWorker } from './lib/lessons/service-worker.ts';
import { webDeps } from '#engine/platform/web';
import { downloadBytes } from './lib/sandbox/download.ts';
import { SandboxClient } from './lib/sandbox/SandboxClient.svelte.ts';
import type { WorkerEngine } from './lib/sandbox/worker-engine.ts';
import { openProgressStorage } from './lib/persist/progress.ts';
import { openBrowserStore, openMemoryStore, type FileStore } from './lib/workspace/store.ts';
import { Workspace } from './lib/workspace/Workspace.svelte.ts';

const target = document.getElementById('app')!;
registerServiceWorker();

async function start(): Promise<void> {
  let store: FileStore;
  let storageProblem: string | null = null;
  try {
    store = await openBrowserStore();
  } catch (err) {
    store = await openMemoryStore();
    storageProblem = `This browser's storage (IndexedDB) is unavailable, so changes last until you close the page: ${err instanceof Error ? err.message : String(err)}`;
  }
  const workspace = new Workspace(store);
  const [progress] = await Promise.all([openProgressStorage(), workspace.init()]);
  workspace.volatileNotice = storageProblem;
  // The engine side runs in the sandbox worker, loaded on the first docker command.
  let engine: WorkerEngine | undefined;
  const loadEngine = async () => {
    const [{ WorkerEngine }, { spawnSandboxWorker }] = await Promise.all([import('./lib/sandbox/worker-engine.ts'), import('./workers/spawn.ts')]);
    engine = new WorkerEngine(spawnSandboxWorker);
    return engine;
  };
  const client = new SandboxClient(workspace, webDeps, downloadBytes, loadEngine);
  if (new URLSearchParams(location.search).has('test')) {
    // End-to-end tests only: stop the sandbox worker as a crash would.
    (window as unknown as { __stageplay: object }).__stageplay = {
      killSandbox: () => engine?.kill('its worker was terminated'),
      client,
      workspace,
    };
  }
  mount(App, { target, props: { workspace, client, progress } });
}

start().catch((err: unknown) => {
  const p = document.createElement('p');
  p.setAttribute('role', 'alert');
  p.textContent = `stageplay could not start: ${err instanceof Error ? err.message : String(err)}`;
  target.replaceChildren(p);
});
