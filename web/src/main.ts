/** Entry point: open the persisted workspace, then mount the app. */
import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { registerServiceWorker } from './lib/lessons/service-worker.ts';
import { SandboxClient } from './lib/sandbox/SandboxClient.svelte.ts';
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
  await workspace.init();
  workspace.volatileNotice = storageProblem;
  const client = new SandboxClient(workspace);
  mount(App, { target, props: { workspace, client } });
}

start().catch((err: unknown) => {
  const p = document.createElement('p');
  p.setAttribute('role', 'alert');
  p.textContent = `stageplay could not start: ${err instanceof Error ? err.message : String(err)}`;
  target.replaceChildren(p);
});
