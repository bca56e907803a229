// Node entry of every stageplay worker (worker_threads): makes TypeScript loadable (tsx),
// installs the Node host (comlink's node adapter over its parent port), then loads the
// worker module named in workerData. Plain JS because it runs before TypeScript can.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { installNodeHost } = await import('./node.ts');
installNodeHost();
await import(workerData.entry);
